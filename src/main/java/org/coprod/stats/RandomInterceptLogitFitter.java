package org.coprod.stats;

import java.util.Arrays;

/**
 * Maximum likelihood for the random-intercept logit {@code logit p_ij = x_ij' beta + sigma u_j},
 * {@code u_j ~ N(0, 1)}, with the Laplace (nAGQ = 1) or adaptive Gauss–Hermite (nAGQ &gt; 1)
 * approximation of lme4's {@code glmer}, over {@code theta = (beta, log sigma)}.
 *
 * <p>Algorithm. (1) Pooled logit: Newton on beta at sigma = 0 (the same likelihood with
 * {@code logSigma = -Infinity}), from the caller's beta or 0. (2) From (pooled beta, sigma = 1,
 * lme4's start theta = 1), Newton with the Hessian of each pass (finite differences of the
 * analytic gradient, see {@link GlmmLikelihoodSum}); when minus the Hessian is not positive
 * definite a multiple of the identity is added (Levenberg–Marquardt style) until it is; steps
 * are capped (|d log sigma| &le; 3, |d beta_j| &le; 5) and backtracked until the Armijo condition
 * holds. Newton rather than BFGS because every pass can deliver the Hessian at the price of
 * 2(p+1) extra group evaluations, Newton converges quadratically in ~5-10 passes, and the
 * Hessian at the optimum is needed for the standard errors anyway.
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

  private final int nAGQ;
  private final int maxIterations;

  /**
   * @param nAGQ 1 (Laplace) .. 25
   * @param maxIterations Newton iterations per stage, at least 1 (50 is plenty)
   */
  public RandomInterceptLogitFitter(int nAGQ, int maxIterations) {
    GaussHermiteRule.of(nAGQ); // validates the range with the house message
    if (maxIterations < 1) {
      throw new IllegalArgumentException("invalid maxIterations: " + maxIterations + " (must be >= 1)");
    }
    this.nAGQ = nAGQ;
    this.maxIterations = maxIterations;
  }

  /** Fits from beta = 0. */
  public RandomInterceptFit fit(GroupedLikelihood likelihood) {
    return fit(likelihood, new double[likelihood.columns()]);
  }

  /** Fits with the pooled stage started at {@code betaStart} (e.g. a pooled fit already made). */
  public RandomInterceptFit fit(GroupedLikelihood likelihood, double[] betaStart) {
    int p = likelihood.columns();
    if (betaStart.length != p) {
      throw new IllegalArgumentException("betaStart has " + betaStart.length + " values, expected " + p);
    }
    Counter counter = new Counter(likelihood);
    Stage pooled = newton(counter, betaStart.clone(), Double.NEGATIVE_INFINITY, true);
    if (pooled.sum.groups() == 0 || pooled.sum.rows() == 0) {
      return result(pooled, 0, counter, FitStatus.NO_DATA, "no groups", true);
    }
    if (pooled.status != FitStatus.CONVERGED) {
      return result(pooled, 0, counter, pooled.status, "pooled start: " + pooled.message, true);
    }
    Stage mixed = newton(counter, pooled.beta.clone(), 0.0, false);
    if (mixed.status == FitStatus.SINGULAR_FIT
        || (mixed.status == FitStatus.CONVERGED && Math.exp(mixed.logSigma) < SINGULAR_SIGMA)) {
      return result(pooled, mixed.iterations, counter, FitStatus.SINGULAR_FIT,
          "boundary (singular) fit: sigma -> 0; beta is the pooled logit", true);
    }
    return result(mixed, mixed.iterations, counter, mixed.status, mixed.message, false);
  }

  /** One Newton run; with {@code pooled} only beta moves and log sigma stays -Infinity. */
  private Stage newton(Counter counter, double[] beta, double logSigma, boolean pooled) {
    int p = beta.length;
    int d = pooled ? p : p + 1;
    Stage stage = new Stage();
    GlmmLikelihoodSum current = counter.evaluate(beta, logSigma, true);
    Boolean boundaryIsLocalMaximum = null;
    for (int iteration = 0; ; iteration++) {
      stage.iterations = iteration;
      stage.sum = current;
      stage.beta = beta;
      stage.logSigma = logSigma;
      double[] g = Arrays.copyOf(current.gradient(), d);
      if (!Double.isFinite(current.logLik()) || !allFinite(g)) {
        stage.status = FitStatus.NON_FINITE;
        stage.message = "log-likelihood or gradient not finite at " + current.point();
        return stage;
      }
      double[] negativeHessian = negativeHessian(current.hessian(), p + 1, d);
      double[] step = newtonStep(negativeHessian, g, d);
      double decrement = dot(g, step);
      if (decrement < 1e-11 || maxAbs(g) < 1e-9) {
        stage.status = FitStatus.CONVERGED;
        stage.message = "converged: Newton decrement " + decrement + ", max |gradient| " + maxAbs(g);
        return stage;
      }
      if (iteration >= maxIterations) {
        stage.status = FitStatus.MAX_ITERATIONS;
        stage.message = "no convergence in " + maxIterations + " Newton iterations (max |gradient| " + maxAbs(g) + ")";
        return stage;
      }
      if (!pooled && logSigma < Math.log(1e-2) && step[p] < 0) {
        if (boundaryIsLocalMaximum == null) {
          boundaryIsLocalMaximum = counter.evaluate(beta, Math.log(1e-3), false).gradient()[p] <= 0;
        }
        if (boundaryIsLocalMaximum || logSigma < Math.log(SINGULAR_SIGMA)) {
          stage.status = FitStatus.SINGULAR_FIT;
          stage.message = "sigma -> 0";
          return stage;
        }
      }
      capStep(step, p, pooled);
      // Armijo backtracking; the first trial also computes the Hessian because it is usually accepted.
      double slope = dot(g, step);
      GlmmLikelihoodSum accepted = null;
      double[] trialBeta = null;
      double trialLogSigma = logSigma;
      double alpha = 1;
      for (int halving = 0; halving < 40; halving++, alpha *= 0.5) {
        trialBeta = beta.clone();
        for (int j = 0; j < p; j++) {
          trialBeta[j] += alpha * step[j];
        }
        trialLogSigma = pooled ? logSigma : logSigma + alpha * step[p];
        GlmmLikelihoodSum trial = counter.evaluate(trialBeta, trialLogSigma, halving == 0);
        if (Double.isFinite(trial.logLik()) && trial.logLik() >= current.logLik() + 1e-4 * alpha * slope) {
          accepted = halving == 0 ? trial : counter.evaluate(trialBeta, trialLogSigma, true);
          break;
        }
      }
      if (accepted == null) {
        // At the optimum rounding can hide any increase; that is convergence, not failure.
        boolean flat = decrement < 1e-8;
        stage.status = flat ? FitStatus.CONVERGED : FitStatus.LINE_SEARCH_FAILED;
        stage.message = flat
            ? "converged (no further increase representable): Newton decrement " + decrement
            : "line search failed: Newton decrement " + decrement + ", max |gradient| " + maxAbs(g);
        return stage;
      }
      current = accepted;
      beta = trialBeta;
      logSigma = trialLogSigma;
    }
  }

  private static double[] negativeHessian(double[] hessian, int full, int d) {
    double[] a = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        // Symmetrised: the finite-difference Hessian is symmetric only up to O(step^2).
        a[i * d + j] = -0.5 * (hessian[i * full + j] + hessian[j * full + i]);
      }
    }
    return a;
  }

  /** Solves (A + mu I) step = g with the smallest mu &ge; 0 (in a doubling sequence) that makes it positive definite. */
  private static double[] newtonStep(double[] a, double[] g, int d) {
    SymmetricSolver solver = SymmetricSolver.factor(a, d);
    double scale = 0;
    for (int i = 0; i < d; i++) {
      scale = Math.max(scale, Math.abs(a[i * d + i]));
    }
    double mu = 1e-8 * Math.max(scale, 1);
    while (solver == null && mu < 1e30) {
      double[] shifted = a.clone();
      for (int i = 0; i < d; i++) {
        shifted[i * d + i] += mu;
      }
      solver = SymmetricSolver.factor(shifted, d);
      mu *= 4;
    }
    return solver == null ? g.clone() : solver.solve(g);
  }

  private static void capStep(double[] step, int p, boolean pooled) {
    double factor = 1;
    for (int j = 0; j < p; j++) {
      factor = Math.min(factor, 5 / Math.max(Math.abs(step[j]), 1e-300));
    }
    if (!pooled) {
      factor = Math.min(factor, 3 / Math.max(Math.abs(step[p]), 1e-300));
    }
    if (factor < 1) {
      for (int j = 0; j < step.length; j++) {
        step[j] *= factor;
      }
    }
  }

  private RandomInterceptFit result(Stage stage, int iterations, Counter counter, FitStatus status, String message, boolean sigmaZero) {
    int p = stage.beta.length;
    int d = p + 1;
    double[] covariance = new double[d * d];
    Arrays.fill(covariance, Double.NaN);
    GlmmLikelihoodSum sum = stage.sum;
    double sigma = sigmaZero ? 0 : Math.exp(stage.logSigma);
    int free = sigmaZero ? p : d;
    SymmetricSolver solver = SymmetricSolver.factor(negativeHessian(sum.hessian(), d, free), free);
    if (solver != null) {
      double[] inverse = solver.inverse();
      for (int i = 0; i < free; i++) {
        for (int j = 0; j < free; j++) {
          double v = inverse[i * free + j];
          // Delta method from log sigma to sigma: d sigma / d log sigma = sigma.
          v *= (i == p ? sigma : 1) * (j == p ? sigma : 1);
          covariance[i * d + j] = v;
        }
      }
    } else if (status.isOptimum()) {
      message = message + "; Hessian not negative definite: no standard errors";
    }
    double[] g = sum.gradient();
    double gradientNorm = sigmaZero ? maxAbs(Arrays.copyOf(g, p)) : maxAbs(g);
    return new RandomInterceptFit(stage.beta, sigma, sigmaZero ? Double.NEGATIVE_INFINITY : stage.logSigma, covariance,
        sum.logLik(), -2 * sum.logLik(), nAGQ, iterations, counter.evaluations, gradientNorm, status, message,
        sum.groups(), sum.rows());
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** Counts passes over the data. */
  private final class Counter {
    private final GroupedLikelihood likelihood;
    private int evaluations;

    Counter(GroupedLikelihood likelihood) {
      this.likelihood = likelihood;
    }

    GlmmLikelihoodSum evaluate(double[] beta, double logSigma, boolean withHessian) {
      evaluations++;
      return likelihood.evaluate(beta, logSigma, nAGQ, withHessian);
    }
  }

  private static final class Stage {
    GlmmLikelihoodSum sum;
    double[] beta;
    double logSigma;
    int iterations;
    FitStatus status;
    String message;
  }
}
