package org.coprod.spec.formula;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands the right-hand side of a formula into terms with R's algebra
 * ({@code terms.formula} in R's {@code src/library/stats/src/model.c}): {@code a + b},
 * {@code a:b}, {@code a*b = a + b + a:b}, {@code a/b = a + a:b}, {@code (a + b)^2},
 * {@code - term}, {@code 0}/{@code 1}/{@code -1} for the intercept; random terms
 * {@code (... | g)} are collected apart as lme4's {@code findbars} does. A term is a set of
 * variable indices; variables are numbered by first appearance, which fixes R's names.
 */
final class TermExpander {

  private static final Set<String> MATH_FUNCTIONS = NumericExpressions.FUNCTIONS;

  private final Map<String, Variable> variables = new LinkedHashMap<>();
  private final List<String> order = new ArrayList<>();
  private final List<RandomTerm> randomTerms = new ArrayList<>();
  private boolean intercept = true;

  /** The expanded right-hand side. */
  record Expansion(boolean intercept, List<Term> terms, List<Variable> variables, List<RandomTerm> randomTerms) {}

  static Expansion expand(Expr rightHandSide) {
    TermExpander expander = new TermExpander();
    List<BitSet> terms = expander.encode(rightHandSide, true);
    return expander.finish(terms);
  }

  private Expansion finish(List<BitSet> encoded) {
    // R orders terms by interaction order, keeping formula order within an order.
    List<BitSet> sorted = new ArrayList<>(encoded);
    sorted.removeIf(BitSet::isEmpty);
    sorted.sort((a, b) -> Integer.compare(a.cardinality(), b.cardinality()));
    List<Term> terms = new ArrayList<>();
    BitSet used = new BitSet();
    for (BitSet bits : sorted) {
      terms.add(toTerm(bits));
      used.or(bits);
    }
    List<Variable> usedVariables = new ArrayList<>();
    used.stream().forEach(i -> usedVariables.add(variables.get(order.get(i))));
    return new Expansion(intercept, terms, usedVariables, randomTerms);
  }

  private Term toTerm(BitSet bits) {
    List<Variable> termVariables = new ArrayList<>();
    bits.stream().forEach(i -> termVariables.add(variables.get(order.get(i))));
    return new Term(termVariables);
  }

  private List<BitSet> encode(Expr expr, boolean topLevel) {
    if (expr instanceof Expr.Paren paren) {
      if (paren.inner() instanceof Expr.Binary bar && (bar.operator().equals("|") || bar.operator().equals("||"))) {
        if (!topLevel) {
          throw new FormulaException("random term " + paren.deparse() + " must be added with + at the top level of the formula", paren.column());
        }
        randomTerms.addAll(randomTerm(bar));
        return List.of();
      }
      return encode(paren.inner(), topLevel);
    }
    if (expr instanceof Expr.Number number) {
      if (number.value() == 0 || number.value() == 1) {
        if (!topLevel) {
          throw new FormulaException("intercept " + number.deparse() + " cannot appear inside an interaction", number.column());
        }
        intercept = number.value() == 1;
        return List.of();
      }
      throw new FormulaException("invalid term " + number.deparse() + ": only 0 and 1 may appear as numbers outside I()", number.column());
    }
    if (expr instanceof Expr.Unary unary) {
      if (unary.operator().equals("+")) {
        return encode(unary.operand(), topLevel);
      }
      if (unary.operator().equals("-") && unary.operand() instanceof Expr.Number number && (number.value() == 0 || number.value() == 1) && topLevel) {
        intercept = number.value() == 0;
        return List.of();
      }
      throw new FormulaException("unsupported term " + unary.deparse() + ": only -1 and -0 may start with a minus", unary.column());
    }
    if (expr instanceof Expr.Binary binary) {
      return binary(binary, topLevel);
    }
    return List.of(single(variable(expr)));
  }

  private List<BitSet> binary(Expr.Binary binary, boolean topLevel) {
    String operator = binary.operator();
    switch (operator) {
      case "+": {
        List<BitSet> left = encode(binary.left(), topLevel);
        return union(left, encode(binary.right(), topLevel));
      }
      case "-": {
        List<BitSet> left = encode(binary.left(), topLevel);
        if (binary.right() instanceof Expr.Number number && (number.value() == 0 || number.value() == 1)) {
          intercept = number.value() == 0;
          return left;
        }
        List<BitSet> removed = encode(binary.right(), false);
        List<BitSet> kept = new ArrayList<>(left);
        kept.removeAll(removed);
        return kept;
      }
      case ":":
      case "%in%":
        return interact(encode(binary.left(), false), encode(binary.right(), false));
      case "*": {
        List<BitSet> left = encode(binary.left(), false);
        List<BitSet> right = encode(binary.right(), false);
        return union(union(left, right), interact(left, right));
      }
      case "/": {
        List<BitSet> left = encode(binary.left(), false);
        List<BitSet> right = encode(binary.right(), false);
        BitSet all = new BitSet();
        left.forEach(all::or);
        return union(left, interact(List.of(all), right));
      }
      case "^": {
        List<BitSet> base = encode(binary.left(), false);
        if (!(binary.right() instanceof Expr.Number power) || power.value() < 1 || power.value() != Math.rint(power.value())) {
          throw new FormulaException("invalid power in " + binary.deparse() + ": expected a positive whole number (use I() for arithmetic)", binary.right().column());
        }
        List<BitSet> result = base;
        for (int i = 1; i < (int) power.value(); i++) {
          result = union(union(result, base), interact(result, base));
        }
        return result;
      }
      case "|":
      case "||":
        throw new FormulaException("random term " + binary.deparse() + " must be in parentheses, e.g. (1 | g)", binary.column());
      default:
        throw new FormulaException("unsupported operator " + operator + " in " + binary.deparse() + " (use I() for arithmetic)", binary.column());
    }
  }

  private List<RandomTerm> randomTerm(Expr.Binary bar) {
    TermExpander effects = new TermExpander();
    List<BitSet> encoded = effects.encode(bar.left(), true);
    if (!effects.randomTerms.isEmpty()) {
      throw new FormulaException("nested random term in (" + bar.deparse() + ")", bar.column());
    }
    Expansion expansion = effects.finish(encoded);
    boolean uncorrelated = bar.operator().equals("||");
    if (!expansion.intercept() && expansion.terms().isEmpty()) {
      throw new FormulaException("random term (" + bar.deparse() + ") has neither an intercept nor a slope", bar.column());
    }
    List<RandomTerm> result = new ArrayList<>();
    for (List<String> grouping : groupings(bar.right(), bar)) {
      result.add(new RandomTerm(expansion.intercept(), expansion.terms(), grouping, uncorrelated));
    }
    return result;
  }

  /** {@code g}, {@code a:b}, or {@code a/b} which nests: {@code a} and {@code a:b} (and so on). */
  private static List<List<String>> groupings(Expr expr, Expr.Binary bar) {
    if (expr instanceof Expr.Paren paren) {
      return groupings(paren.inner(), bar);
    }
    if (expr instanceof Expr.Name name) {
      return List.of(List.of(name.name()));
    }
    if (expr instanceof Expr.Binary binary && binary.operator().equals(":")) {
      List<List<String>> left = groupings(binary.left(), bar);
      List<List<String>> right = groupings(binary.right(), bar);
      if (left.size() == 1 && right.size() == 1) {
        List<String> both = new ArrayList<>(left.get(0));
        both.addAll(right.get(0));
        return List.of(both);
      }
    }
    if (expr instanceof Expr.Binary binary && binary.operator().equals("/")) {
      List<List<String>> outer = groupings(binary.left(), bar);
      List<List<String>> inner = groupings(binary.right(), bar);
      if (inner.size() == 1) {
        List<List<String>> result = new ArrayList<>(outer);
        List<String> nested = new ArrayList<>(outer.get(outer.size() - 1));
        nested.addAll(inner.get(0));
        result.add(nested);
        return result;
      }
    }
    throw new FormulaException("unsupported grouping factor " + expr.deparse() + " in (" + bar.deparse() + "): use g, a:b or a/b of column names", expr.column());
  }

  private BitSet single(Variable variable) {
    int index = order.indexOf(variable.label());
    if (index < 0) {
      variables.put(variable.label(), variable);
      order.add(variable.label());
      index = order.size() - 1;
    }
    BitSet bits = new BitSet();
    bits.set(index);
    return bits;
  }

  private static Variable variable(Expr expr) {
    if (expr instanceof Expr.Name name && name.name().equals(".")) {
      throw new FormulaException("'.' (all other columns) is not supported: list the terms", name.column());
    }
    if (expr instanceof Expr.Name) {
      return Variable.of(expr);
    }
    if (expr instanceof Expr.Call call) {
      String function = call.function();
      if (function.equals("I") || MATH_FUNCTIONS.contains(function) || function.equals("factor")) {
        if (call.arguments().size() != 1) {
          throw new FormulaException(function + "() takes one argument in " + call.deparse(), call.column());
        }
        Expr.Binary comparison = function.equals("I") ? Variable.comparison(call.arguments().get(0)) : null;
        if (comparison != null) {
          NumericExpressions.check(comparison.left());
          NumericExpressions.check(comparison.right());
        } else {
          NumericExpressions.check(call.arguments().get(0));
        }
        return Variable.of(expr);
      }
      throw new FormulaException("unsupported function " + function + "() in term " + call.deparse()
          + " (supported: I, factor, " + String.join(", ", MATH_FUNCTIONS.stream().sorted().toList()) + ")", call.column());
    }
    throw new FormulaException("unsupported term " + expr.deparse(), expr.column());
  }

  private static List<BitSet> union(List<BitSet> left, List<BitSet> right) {
    List<BitSet> result = new ArrayList<>(left);
    for (BitSet term : right) {
      if (!result.contains(term)) {
        result.add(term);
      }
    }
    return result;
  }

  private static List<BitSet> interact(List<BitSet> left, List<BitSet> right) {
    List<BitSet> result = new ArrayList<>();
    for (BitSet l : left) {
      for (BitSet r : right) {
        BitSet both = (BitSet) l.clone();
        both.or(r);
        if (!result.contains(both)) {
          result.add(both);
        }
      }
    }
    return result;
  }
}
