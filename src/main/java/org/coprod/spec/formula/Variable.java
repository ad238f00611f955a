package org.coprod.spec.formula;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One variable of a formula in R's sense (a row of the {@code factors} attribute of
 * {@code terms()}): a column {@code age}, a transformed value {@code I(age^2)} or
 * {@code log(x)}, or a coded factor {@code factor(period)}. Its {@link #label()} is R's
 * deparsed text and the stem of every model-matrix column it produces.
 *
 * @param label R's name of the variable, e.g. {@code I(age^2)}
 * @param expression the parsed expression; for {@link Kind#FACTOR} the whole {@code factor(...)} call
 * @param kind how the variable is evaluated
 */
public record Variable(String label, Expr expression, Kind kind) {

  /** How a variable is evaluated. */
  public enum Kind {
    /** A bare column: numeric, or a factor when declared, boolean or textual. */
    COLUMN,
    /** {@code factor(expr)}: always a factor, whatever the column type. */
    FACTOR,
    /** {@code I(...)} or a math function such as {@code log(x)}: always numeric. */
    NUMERIC,
    /**
     * {@code I(comparison)}, e.g. {@code I(age >= 65)}: logical, coded as R codes a logical,
     * a factor with levels {@code FALSE}, {@code TRUE} ({@code I(age >= 65)TRUE}).
     */
    LOGICAL
  }

  public Variable {
    requireNonNull(label, "label is null");
    requireNonNull(expression, "expression is null");
    requireNonNull(kind, "kind is null");
    if (kind == Kind.COLUMN && !(expression instanceof Expr.Name)) {
      throw new IllegalArgumentException("a COLUMN variable must be a name: " + label);
    }
  }

  static Variable of(Expr expression) {
    Kind kind;
    if (expression instanceof Expr.Name) {
      kind = Kind.COLUMN;
    } else if (expression instanceof Expr.Call call && call.function().equals("factor")) {
      kind = Kind.FACTOR;
    } else if (expression instanceof Expr.Call call && call.function().equals("I") && comparison(call.arguments().get(0)) != null) {
      kind = Kind.LOGICAL;
    } else {
      kind = Kind.NUMERIC;
    }
    return new Variable(expression.deparse(), expression, kind);
  }

  /** The column name of a {@link Kind#COLUMN} variable. */
  public String column() {
    if (expression instanceof Expr.Name name) {
      return name.name();
    }
    throw new IllegalStateException(label + " is not a bare column");
  }

  /** The expression inside {@code factor(...)} for a {@link Kind#FACTOR} variable. */
  public Expr factorArgument() {
    if (kind == Kind.FACTOR) {
      return ((Expr.Call) expression).arguments().get(0);
    }
    throw new IllegalStateException(label + " is not a factor(...) call");
  }

  /** The comparison inside {@code I(...)} of a {@link Kind#LOGICAL} variable. */
  public Expr.Binary comparison() {
    Expr.Binary comparison = kind == Kind.LOGICAL ? comparison(((Expr.Call) expression).arguments().get(0)) : null;
    if (comparison == null) {
      throw new IllegalStateException(label + " is not a comparison");
    }
    return comparison;
  }

  /** The comparison an expression is, through parentheses, or null. */
  static Expr.Binary comparison(Expr expression) {
    Expr inner = expression;
    while (inner instanceof Expr.Paren paren) {
      inner = paren.inner();
    }
    return inner instanceof Expr.Binary binary && binary.isComparison() ? binary : null;
  }

  /** Every input column the variable reads, in order of appearance. */
  public Set<String> sourceColumns() {
    return columnsOf(expression);
  }

  static Set<String> columnsOf(Expr expression) {
    Set<String> columns = new LinkedHashSet<>();
    collect(expression, columns);
    return columns;
  }

  private static void collect(Expr expression, Set<String> columns) {
    // Java 17: no pattern matching for switch yet.
    if (expression instanceof Expr.Name name) {
      columns.add(name.name());
    } else if (expression instanceof Expr.Call call) {
      call.arguments().forEach(argument -> collect(argument, columns));
    } else if (expression instanceof Expr.Paren paren) {
      collect(paren.inner(), columns);
    } else if (expression instanceof Expr.Unary unary) {
      collect(unary.operand(), columns);
    } else if (expression instanceof Expr.Binary binary) {
      collect(binary.left(), columns);
      collect(binary.right(), columns);
    }
  }

  @Override
  public String toString() {
    return label;
  }
}
