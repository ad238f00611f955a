package org.coprod.stats;

/** Closed set of outcomes of a random-intercept fit; a fit reports one, it never throws for data. */
public enum FitStatus {
  /** Newton decrement or gradient below tolerance at an interior optimum (sigma &gt; 0). */
  CONVERGED,
  /**
   * The optimum is on the boundary sigma = 0 (lme4: "boundary (singular) fit", theta below
   * {@code isSingular}'s tolerance 1e-4). Beta is the pooled-logit maximum, sigma is 0.
   */
  SINGULAR_FIT,
  /** The iteration limit was reached first; estimates are the last iterate. */
  MAX_ITERATIONS,
  /** No step along the Newton direction increased the log-likelihood. */
  LINE_SEARCH_FAILED,
  /** The log-likelihood or gradient was not finite at the start (e.g. separation in the pooled fit). */
  NON_FINITE,
  /** The data have no groups or no rows with positive weight. */
  NO_DATA;

  /** Whether the estimates are an optimum (interior or boundary) and may be reported as such. */
  public boolean isOptimum() {
    return this == CONVERGED || this == SINGULAR_FIT;
  }
}
