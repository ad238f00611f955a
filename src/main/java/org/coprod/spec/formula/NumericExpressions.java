package org.coprod.spec.formula;

import java.util.Set;

/**
 * The arithmetic allowed inside {@code I()}, math functions, {@code factor()} and
 * {@code cbind()}: names, numbers, parentheses, unary and binary {@code + - * / ^}, and the
 * functions {@code log exp sqrt abs log1p} of one argument. Checked at parse time so that
 * an unsupported expression fails before any data is read.
 */
final class NumericExpressions {

  static final Set<String> FUNCTIONS = Set.of("log", "exp", "sqrt", "abs", "log1p");

  private NumericExpressions() {}

  static void check(Expr expr) {
    if (expr instanceof Expr.Name || expr instanceof Expr.Number) {
      return;
    }
    if (expr instanceof Expr.Paren paren) {
      check(paren.inner());
    } else if (expr instanceof Expr.Unary unary && !unary.operator().equals("~")) {
      check(unary.operand());
    } else if (expr instanceof Expr.Binary binary && Set.of("+", "-", "*", "/", "^").contains(binary.operator())) {
      check(binary.left());
      check(binary.right());
    } else if (expr instanceof Expr.Call call && FUNCTIONS.contains(call.function())) {
      if (call.arguments().size() != 1) {
        throw new FormulaException(call.function() + "() takes one argument in " + call.deparse(), call.column());
      }
      check(call.arguments().get(0));
    } else {
      throw new FormulaException("unsupported expression " + expr.deparse()
          + " (allowed: + - * / ^, numbers, columns, log exp sqrt abs log1p)", expr.column());
    }
  }
}
