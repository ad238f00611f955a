package org.coprod.stats;

/** Closed set of fit outcomes; the message of a fit says the particulars. */
public enum FitStatus {
  CONVERGED,
  /** Converged, but some columns were aliased (collinear or constant) and dropped, as R's NA. */
  CONVERGED_WITH_ALIASED_TERMS,
  /** Fitted probabilities at 0 or 1 and diverging coefficients: complete or quasi-complete separation. */
  SEPARATION,
  /** Random-effect variance at its boundary (σ → 0), as lme4's "boundary (singular) fit". */
  SINGULAR_FIT,
  MAX_ITERATIONS,
  LINE_SEARCH_FAILED,
  NON_FINITE,
  /** No usable rows or another data problem found before fitting. */
  NO_DATA,
  FAILED;

  /** Whether the estimates are an optimum (interior or boundary) and may be reported as such. */
  public boolean isOptimum() {
    return this == CONVERGED || this == SINGULAR_FIT;
  }

  public boolean converged() {
    return this == CONVERGED || this == CONVERGED_WITH_ALIASED_TERMS || this == SINGULAR_FIT;
  }
}
