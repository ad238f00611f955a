package org.coprod.spec.formula;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A parsed binomial model formula in lme4 syntax, e.g.
 * {@code coprod_ict ~ age10 * gender + I(age10^2) + factor(wave) + (1 | neighbourhood_id)}.
 *
 * <p>Fixed terms follow R's {@code terms()}: ordered by interaction order (main effects
 * first), formula order within an order, duplicates removed, interactions named by the
 * variables' order of first appearance. Random terms follow lme4's {@code findbars}, except
 * that {@code (1 | a/b)} expands to {@code (1 | a) + (1 | a:b)} in that order (lme4 lists
 * {@code b:a} first and names it so).
 *
 * @param source the formula text as given
 * @param response the left-hand side
 * @param intercept whether the fixed part has an intercept
 * @param terms fixed-effect terms in R's order (no intercept term)
 * @param variables the variables the terms use, in R's order (first appearance)
 * @param randomTerms random-effects terms in formula order
 */
public record Formula(
    String source, Response response, boolean intercept, List<Term> terms, List<Variable> variables, List<RandomTerm> randomTerms) {

  public Formula {
    requireNonNull(source, "source is null");
    requireNonNull(response, "response is null");
    terms = List.copyOf(terms);
    variables = List.copyOf(variables);
    randomTerms = List.copyOf(randomTerms);
  }

  /**
   * Parses lme4 formula text.
   *
   * @throws FormulaException naming the offending token or term and its column
   */
  public static Formula parse(String source) {
    requireNonNull(source, "formula is null");
    Expr expr = ExprParser.parse(source);
    if (expr instanceof Expr.Unary unary && unary.operator().equals("~")) {
      throw new FormulaException("formula " + source + " has no response: write response ~ terms", unary.column());
    }
    if (!(expr instanceof Expr.Binary tilde) || !tilde.operator().equals("~")) {
      throw new FormulaException("not a formula: " + source + " (expected response ~ terms)", 1);
    }
    Response response = response(tilde.left());
    TermExpander.Expansion expansion = TermExpander.expand(tilde.right());
    return new Formula(source, response, expansion.intercept(), expansion.terms(), expansion.variables(), expansion.randomTerms());
  }

  private static Response response(Expr left) {
    if (left instanceof Expr.Name name) {
      return new Response.Column(name.name());
    }
    if (left instanceof Expr.Call call && call.function().equals("cbind")) {
      if (call.arguments().size() != 2) {
        throw new FormulaException("cbind() response needs two arguments (successes, failures): " + call.deparse(), call.column());
      }
      call.arguments().forEach(NumericExpressions::check);
      return new Response.Binomial(call.arguments().get(0), call.arguments().get(1));
    }
    throw new FormulaException("unsupported response " + left.deparse() + ": use a 0/1 column or cbind(successes, failures)", left.column());
  }

  /** Whether the formula has random terms (a multilevel model). */
  public boolean isMultilevel() {
    return !randomTerms.isEmpty();
  }

  /** Term labels as R's {@code attr(terms(f), "term.labels")} (fixed part only). */
  public List<String> termLabels() {
    return terms.stream().map(Term::label).toList();
  }

  @Override
  public String toString() {
    return source;
  }
}
