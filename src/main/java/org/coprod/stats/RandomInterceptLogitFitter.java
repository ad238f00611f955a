package org.coprod.stats;

import java.util.Arrays;
import org.coprod.stats.LikelihoodMaximizer.Stage;

/**
 * Maximum likelihood for the random-intercept logit {@code logit p_ij = x_ij' beta + sigma u_j},
 * {@code u_j ~ N(0, 1)}, with the Laplace (nAGQ = 1) or adaptive Gauss–Hermite (nAGQ &gt; 1)
 * approximation of lme4's {@code glmer}, over {@code theta = (beta, log sigma)}.
 *
 * <p>Algorithm. (1) Pooled logit: Newton on beta at sigma = 0 (the same likelihood with
 * {@code logSigma = -Infinity}), from the caller's beta or 0. (2) From (pooled beta, sigma = 1,
 * lme4's start theta = 1), either {@link Optimizer#NEWTON}: Newton with the Hessian of each
 * pass (finite differences of the analytic gradient, see {@link GlmmLikelihoodSum}), or
 * {@link Optimizer#BFGS}: BFGS with gradient-only passes, then Newton from its end point. When
 * minus the Hessian is not positive definite a multiple of the identity is added
 * (Levenberg–Marquardt style) until it is; steps are capped (|d log sigma| &le; 3,
 * |d beta_j| &le; 5) and backtracked until the Armijo condition holds. Newton is the default:
 * it needs ~4 passes from the pooled start (each costs 2(p+1)+1 group evaluations), which
 * suits Spark where each pass is a job with fixed latency; BFGS needs ~2x the passes at one
 * group evaluation each, so it does less arithmetic when p is large. Either way the Hessian
 * at the optimum, needed for the standard errors, comes from one last Newton pass.
 *
 * <p>Convergence: Newton decrement {@code g' (-H)^-1 g < 1e-11} or max |g_j| &lt; 1e-9 at the
 * new point, far tighter than lme4's defaults (bobyqa with rhoend 2e-7), so that estimates
 * match a tightly fitted glmer to ~1e-7. Singular fit: sigma is declared 0 (lme4's isSingular
 * tolerance) when the iterate falls below 1e-4, or below 1e-2 while still decreasing and the
 * pooled point is a local maximum in sigma (the score test curvature {@code sum_j (sum_i r_ij)^2 -
 * sum_i v_ij}, obtained as d logLik / d log sigma / sigma^2 at sigma = 1e-3, is &le; 0); beta and the
 * log-likelihood then come from the pooled fit, which is the sigma = 0 optimum.
 */
public final class RandomInterceptLogitFitter {

  /** lme4's {@code isSingular} default tolerance on theta (= sigma for a random intercept). */
  public static final double SINGULAR_SIGMA = 1e-4;

  /** How the random-intercept stage moves between passes. */
  public enum Optimizer {
    /**
     * Damped Newton: every pass carries the Hessian (2(p+1) extra group evaluations per
     * group), few passes (about 4-5 from the pooled start). Best when a pass has high fixed
     * latency (a Spark job) and p is small.
     */
    NEWTON,
    /**
     * BFGS with gradient-only passes (one kernel evaluation per group each), then Newton
     * from its end point, which normally converges at once and supplies the Hessian for the
     * standard errors. More passes, each as cheap as possible.
     */
    BFGS
  }

  private final int nAGQ;
  private final int maxIterations;
  private final Optimizer optimizer;

  /**
   * @param nAGQ 1 (Laplace) .. 25
   * @param maxIterations iterations per stage, at least 1 (100 is plenty)
   * @param optimizer the random-intercept stage's method
   */
  public RandomInterceptLogitFitter(int nAGQ, int maxIterations, Optimizer optimizer) {
    GaussHermiteRule.of(nAGQ); // validates the range with the house message
    if (maxIterations < 1) {
      throw new IllegalArgumentException("invalid maxIterations: " + maxIterations + " (must be >= 1)");
    }
    this.nAGQ = nAGQ;
    this.maxIterations = maxIterations;
    this.optimizer = java.util.Objects.requireNonNull(optimizer, "optimizer is null");
  }

  /** With {@link Optimizer#NEWTON}. */
  public RandomInterceptLogitFitter(int nAGQ, int maxIterations) {
    this(nAGQ, maxIterations, Optimizer.NEWTON);
  }

  /** Fits from beta = 0. */
  public RandomInterceptFit fit(GroupedLikelihood likelihood) {
    return fit(likelihood, new double[likelihood.columns()]);
  }

  /**
   * Fits starting from a pooled logit of the same fixed effects on the same rows
   * ({@link PooledLogitFitter}), as the model runner does. The likelihood holds the pooled
   * fit's non-aliased columns in their order (aliased columns are dropped, as lme4 drops
   * them); the pooled estimates are the start. When the pooled fit did not converge the
   * random-intercept stage does not run: the result has the pooled status, no estimates, and
   * the counts of one pass at sigma = 0.
   *
   * <p>Separation. Fixed effects separate the responses of the random-intercept model exactly
   * when they separate those of the pooled logit: along a separating direction every row's
   * conditional likelihood rises for every value of the group effect, so the marginal
   * likelihood does too and has no maximum; without separation, some row's conditional
   * likelihood tends to 0 along every direction, and so does the marginal. So the pooled
   * fit's verdict ({@link FitStatus#SEPARATION}, with its diverging columns) is the verdict
   * for the fixed part here, and the result says which columns separate.
   */
  public RandomInterceptFit fit(GroupedLikelihood likelihood, PooledLogitFit pooled) {
    boolean[] aliased = pooled.aliased();
    int[] kept = java.util.stream.IntStream.range(0, aliased.length).filter(j -> !aliased[j]).toArray();
    if (likelihood.columns() != kept.length) {
      throw new IllegalArgumentException(
          "likelihood has " + likelihood.columns() + " columns, the pooled fit keeps " + kept.length + " of " + aliased.length);
    }
    boolean[] separatedAll = pooled.separatedColumns();
    boolean[] separated = new boolean[kept.length];
    double[] start = new double[kept.length];
    for (int k = 0; k < kept.length; k++) {
      separated[k] = separatedAll[kept[k]];
      start[k] = pooled.coefficients()[kept[k]];
    }
    if (!pooled.status().converged()) {
      GlmmLikelihoodSum counts = likelihood.evaluate(new double[kept.length], Double.NEGATIVE_INFINITY, 1, false);
      String message = pooled.status() == FitStatus.SEPARATION
          ? "separation in the fixed part, found by the pooled fit (the random intercept cannot remove it): " + pooled.message()
              + "; maximum-likelihood estimates do not exist, the random-intercept model was not fitted"
          : "pooled start " + pooled.status().name().toLowerCase(java.util.Locale.ROOT) + ": " + pooled.message();
      return RandomInterceptFit.notFitted(kept.length, nAGQ, 1, pooled.status(), message, counts.groups(), counts.rows(),
          counts.singletonGroups(), separated);
    }
    return fit(likelihood, start);
  }

  /** Fits with the pooled stage started at {@code betaStart} (e.g. a pooled fit already made). */
  public RandomInterceptFit fit(GroupedLikelihood likelihood, double[] betaStart) {
    int p = likelihood.columns();
    if (betaStart.length != p) {
      throw new IllegalArgumentException("betaStart has " + betaStart.length + " values, expected " + p);
    }
    LikelihoodMaximizer maximizer = new LikelihoodMaximizer(likelihood, nAGQ, maxIterations);
    Stage pooled = maximizer.newton(betaStart.clone(), Double.NEGATIVE_INFINITY, true);
    if (pooled.sum.groups() == 0 || pooled.sum.rows() == 0) {
      return notFitted(pooled, maximizer, FitStatus.NO_DATA, "no groups");
    }
    if (pooled.status != FitStatus.CONVERGED) {
      return notFitted(pooled, maximizer, pooled.status, "pooled start: " + pooled.message);
    }
    Stage mixed;
    int iterations = 0;
    if (optimizer == Optimizer.BFGS) {
      SymmetricSolver pooledInformation =
          SymmetricSolver.factor(LikelihoodMaximizer.negativeHessian(pooled.sum.hessian(), p + 1, p), p);
      double[] pooledInverse = pooledInformation == null ? identity(p) : pooledInformation.inverse();
      Stage quasi = maximizer.bfgs(pooled.beta.clone(), 0.0, pooledInverse, pooled.sum.groups());
      iterations = quasi.iterations;
      mixed = quasi.status == FitStatus.CONVERGED || quasi.status == FitStatus.MAX_ITERATIONS
          ? maximizer.newton(quasi.beta.clone(), quasi.logSigma, false)
          : quasi;
      if (mixed != quasi) {
        iterations += mixed.iterations;
      }
    } else {
      mixed = maximizer.newton(pooled.beta.clone(), 0.0, false);
      iterations = mixed.iterations;
    }
    if (mixed.status == FitStatus.SINGULAR_FIT
        || (mixed.status == FitStatus.CONVERGED && Math.exp(mixed.logSigma) < SINGULAR_SIGMA)) {
      return result(pooled, iterations, maximizer, FitStatus.SINGULAR_FIT,
          "boundary (singular) fit: sigma -> 0; beta is the pooled logit", true);
    }
    if (mixed.sum.hessian() == null) { // a BFGS failure: still report standard errors where possible
      mixed.sum = maximizer.evaluate(mixed.beta, mixed.logSigma, true);
    }
    return result(mixed, iterations, maximizer, mixed.status, mixed.message, false);
  }

  private RandomInterceptFit notFitted(Stage stage, LikelihoodMaximizer maximizer, FitStatus status, String message) {
    GlmmLikelihoodSum sum = stage.sum;
    return RandomInterceptFit.notFitted(stage.beta.length, nAGQ, maximizer.passes(), status, message, sum.groups(), sum.rows(),
        sum.singletonGroups(), new boolean[stage.beta.length]);
  }

  private static double[] identity(int p) {
    double[] a = new double[p * p];
    for (int i = 0; i < p; i++) {
      a[i * p + i] = 1;
    }
    return a;
  }

  private RandomInterceptFit result(Stage stage, int iterations, LikelihoodMaximizer maximizer, FitStatus status, String message, boolean sigmaZero) {
    int p = stage.beta.length;
    int d = p + 1;
    double[] covariance = new double[d * d];
    Arrays.fill(covariance, Double.NaN);
    GlmmLikelihoodSum sum = stage.sum;
    double sigma = sigmaZero ? 0 : Math.exp(stage.logSigma);
    int free = sigmaZero ? p : d;
    double[] robust = covariance.clone();
    SymmetricSolver solver = SymmetricSolver.factor(LikelihoodMaximizer.negativeHessian(sum.hessian(), d, free), free);
    if (solver != null) {
      double[] inverse = solver.inverse();
      double[] meat = new double[free * free];
      double[] outer = sum.scoreOuterProducts();
      for (int i = 0; i < free; i++) {
        System.arraycopy(outer, i * d, meat, i * free, free);
      }
      long groups = sum.groups();
      // G / (G - 1), as sandwich::vcovCL's default cadjust (and Stata's vce(cluster)).
      double[] sandwich = Matrices.scale(Matrices.sandwich(inverse, meat, free), groups > 1 ? groups / (groups - 1.0) : Double.NaN);
      for (int i = 0; i < free; i++) {
        for (int j = 0; j < free; j++) {
          // Delta method from log sigma to sigma: d sigma / d log sigma = sigma.
          double scale = (i == p ? sigma : 1) * (j == p ? sigma : 1);
          covariance[i * d + j] = inverse[i * free + j] * scale;
          robust[i * d + j] = sandwich[i * free + j] * scale;
        }
      }
    } else if (status.isOptimum()) {
      message = message + "; Hessian not negative definite: no standard errors";
    }
    double[] g = sum.gradient();
    double gradientNorm = sigmaZero ? LikelihoodMaximizer.maxAbs(Arrays.copyOf(g, p)) : LikelihoodMaximizer.maxAbs(g);
    return new RandomInterceptFit(stage.beta, sigma, sigmaZero ? Double.NEGATIVE_INFINITY : stage.logSigma, covariance, robust,
        sum.logLik(), -2 * sum.logLik(), nAGQ, iterations, maximizer.passes(), gradientNorm, status, message,
        sum.groups(), sum.rows(), sum.singletonGroups(), new boolean[p]);
  }
}
