package org.coprod.stats;

/**
 * Which covariance gives a fit's reported standard errors.
 *
 * <ul>
 *   <li>MODEL: inverse Fisher information, as R's {@code summary.glm}.
 *   <li>HC0 / HC1: sandwich I⁻¹ M I⁻¹, HC1 scaled by n/(n − k), as R's
 *       {@code sandwich::vcovHC(type = "HC0" | "HC1")}.
 *   <li>CLUSTER: cluster sandwich scaled by G/(G − 1), as
 *       {@code sandwich::vcovCL(fit, cluster = ~g)} with its defaults for glm objects
 *       (type HC0, cadjust = TRUE).
 * </ul>
 */
public enum CovarianceType {
  MODEL,
  HC0,
  HC1,
  CLUSTER
}
