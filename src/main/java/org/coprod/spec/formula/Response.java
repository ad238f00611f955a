package org.coprod.spec.formula;

import static java.util.Objects.requireNonNull;

/**
 * The left-hand side of a binomial formula: a 0/1 (or boolean, or two-level factor) column,
 * or {@code cbind(successes, failures)} where each side is a numeric expression.
 */
public sealed interface Response {

  /** R's text of the response, e.g. {@code coprod_ict} or {@code cbind(k, n - k)}. */
  String label();

  /** A single column: numeric 0/1, boolean, or a factor whose first level is the failure. */
  record Column(String column) implements Response {
    public Column {
      requireNonNull(column, "column is null");
    }

    @Override
    public String label() {
      return new Expr.Name(column, 0).deparse();
    }
  }

  /** {@code cbind(successes, failures)}: binomial counts, trials = successes + failures. */
  record Binomial(Expr successes, Expr failures) implements Response {
    public Binomial {
      requireNonNull(successes, "successes is null");
      requireNonNull(failures, "failures is null");
    }

    @Override
    public String label() {
      return "cbind(" + successes.deparse() + ", " + failures.deparse() + ")";
    }
  }
}
