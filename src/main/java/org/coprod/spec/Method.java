package org.coprod.spec;

/** Estimation method of a model, as in {@code fit --method}. */
public enum Method {
  /** Pooled logit by maximum likelihood (no random terms). */
  GLM,
  /** Random-intercept logit, Laplace approximation (lme4 nAGQ = 1). */
  LAPLACE,
  /** Random-intercept logit, adaptive Gauss–Hermite quadrature (lme4 nAGQ = K > 1). */
  AGQ
}
