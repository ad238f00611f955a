package org.coprod.stats;

/**
 * Conditional mode of one group's random intercept and its conditional standard deviation,
 * as lme4's {@code ranef(fit, condVar = TRUE)}: {@code b^ = sigma u^} and
 * {@code sd = sigma / sqrt(H)}, {@code H = 1 + sigma^2 sum_i w_i t_i p_i (1 - p_i)} at the
 * mode (lme4 uses the mode and the Cholesky factor of the last PIRLS step, for Laplace and
 * AGQ fits alike).
 *
 * @param groupId the group
 * @param rows rows in the group
 * @param mode {@code b^} on the scale of the linear predictor
 * @param conditionalSd conditional standard deviation of b
 */
public record ConditionalMode(String groupId, int rows, double mode, double conditionalSd) {

  /** Computes the conditional mode of one group; cheap enough to call in a Spark map. */
  public static ConditionalMode of(GroupBlock block, double[] beta, double sigma) {
    if (!(sigma >= 0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("invalid sigma: " + sigma + " (must be finite and >= 0)");
    }
    RandomInterceptKernel kernel = new RandomInterceptKernel();
    kernel.modeOnly(block, beta, sigma);
    return new ConditionalMode(
        block.groupId(), block.rows(), sigma * kernel.lastMode(), sigma / Math.sqrt(kernel.lastCurvature()));
  }
}
