package org.coprod.spec.formula;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An R expression as parsed from a formula: the syntax tree that both the term algebra
 * ({@code + : * / ^ -}) and the arithmetic inside {@code I()} read. Parentheses are kept as
 * nodes because R keeps them, and {@link #deparse()} must reproduce R's text exactly: term
 * and column names are R's {@code deparse} of the expression.
 */
public sealed interface Expr {

  /** R's {@code deparse()} of this expression, e.g. {@code I(x * 2)}, {@code I(age^2)}. */
  String deparse();

  /** 1-based column where the expression starts in the formula text. */
  int column();

  /** A variable name; {@code name} is unquoted (backquotes removed). */
  record Name(String name, int column) implements Expr {
    private static final Pattern SYNTACTIC = Pattern.compile("([A-Za-z]|[.](?![0-9]))[A-Za-z0-9._]*|[.]");

    public Name {
      requireNonNull(name, "name is null");
    }

    @Override
    public String deparse() {
      // R backquotes names that are not syntactic, e.g. `my var`, in term labels too.
      return SYNTACTIC.matcher(name).matches() ? name : "`" + name + "`";
    }
  }

  /** A numeric literal; {@code integer} for R's {@code 2L} form. */
  record Number(double value, boolean integer, int column) implements Expr {
    @Override
    public String deparse() {
      return RNumbers.format(value) + (integer ? "L" : "");
    }
  }

  /** A function call {@code function(arguments...)}. */
  record Call(String function, List<Expr> arguments, int column) implements Expr {
    public Call {
      requireNonNull(function, "function is null");
      arguments = List.copyOf(arguments);
    }

    @Override
    public String deparse() {
      return function + "(" + arguments.stream().map(Expr::deparse).collect(Collectors.joining(", ")) + ")";
    }
  }

  /** Parentheses, kept because R keeps them: {@code I((a + b)^2)}. */
  record Paren(Expr inner, int column) implements Expr {
    public Paren {
      requireNonNull(inner, "inner is null");
    }

    @Override
    public String deparse() {
      return "(" + inner.deparse() + ")";
    }
  }

  /** Unary {@code -} or {@code +}. */
  record Unary(String operator, Expr operand, int column) implements Expr {
    public Unary {
      requireNonNull(operator, "operator is null");
      requireNonNull(operand, "operand is null");
    }

    @Override
    public String deparse() {
      return operator + operand.deparse();
    }
  }

  /** A binary operator: {@code ~ | || + - * / ^ :}, a comparison, or a special {@code %op%}. */
  record Binary(String operator, Expr left, Expr right, int column) implements Expr {
    public Binary {
      requireNonNull(operator, "operator is null");
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
    }

    /** Whether the operator is a comparison ({@code > >= < <= == !=}), which gives a logical value. */
    public boolean isComparison() {
      return switch (operator) {
        case ">", ">=", "<", "<=", "==", "!=" -> true;
        default -> false;
      };
    }

    @Override
    public String deparse() {
      // R's deparse writes / ^ : %% %/% tight and every other binary operator spaced.
      boolean tight = switch (operator) {
        case "/", "^", ":", "%%", "%/%" -> true;
        default -> false;
      };
      String separator = tight ? operator : " " + operator + " ";
      return left.deparse() + separator + right.deparse();
    }
  }
}
