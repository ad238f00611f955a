package org.coprod.stats;

import java.util.Arrays;

/**
 * The optimisation stages of {@link RandomInterceptLogitFitter} over {@code theta = (beta, log sigma)}:
 * damped Newton with the summed finite-difference Hessian, and BFGS with gradient-only passes.
 * Holds only parameter-size vectors and counts the passes it asks of the likelihood.
 */
final class LikelihoodMaximizer {

  private final GroupedLikelihood likelihood;
  private final int nAGQ;
  private final int maxIterations;
  private int passes;
  private int hessianPasses;

  LikelihoodMaximizer(GroupedLikelihood likelihood, int nAGQ, int maxIterations) {
    this.likelihood = likelihood;
    this.nAGQ = nAGQ;
    this.maxIterations = maxIterations;
  }

  /** Passes over the data so far. */
  int passes() {
    return passes;
  }

  /** Of which with the Hessian (each costs 2(p+1) extra group evaluations). */
  int hessianPasses() {
    return hessianPasses;
  }

  GlmmLikelihoodSum evaluate(double[] beta, double logSigma, boolean withHessian) {
    passes++;
    if (withHessian) {
      hessianPasses++;
    }
    return likelihood.evaluate(beta, logSigma, nAGQ, withHessian);
  }

  /** One Newton run; with {@code pooled} only beta moves and log sigma stays -Infinity. */
  Stage newton(double[] beta, double logSigma, boolean pooled) {
    int p = beta.length;
    int d = pooled ? p : p + 1;
    Stage stage = new Stage();
    GlmmLikelihoodSum current = evaluate(beta, logSigma, true);
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
      if (decrement < decrementTolerance(current.logLik()) || maxAbs(g) < 1e-9) {
        stage.status = FitStatus.CONVERGED;
        stage.message = "converged: Newton decrement " + decrement + ", max |gradient| " + maxAbs(g);
        return stage;
      }
      if (iteration >= maxIterations) {
        stage.status = FitStatus.MAX_ITERATIONS;
        stage.message = "no convergence in " + maxIterations + " Newton iterations (max |gradient| " + maxAbs(g) + ")";
        return stage;
      }
      if (!pooled && headingToBoundary(beta, logSigma, step[p])) {
        stage.status = FitStatus.SINGULAR_FIT;
        stage.message = "sigma -> 0";
        return stage;
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
        GlmmLikelihoodSum trial = evaluate(trialBeta, trialLogSigma, halving == 0);
        if (increases(trial, current, alpha * slope)) {
          accepted = halving == 0 ? trial : evaluate(trialBeta, trialLogSigma, true);
          break;
        }
        if (alpha * slope < roundingFloor(current.logLik())) {
          break; // shorter steps promise less than rounding can show
        }
      }
      if (accepted == null) {
        // At the optimum rounding can hide any increase; that is convergence, not failure.
        boolean flat = decrement < Math.max(1e-8, 10 * roundingFloor(current.logLik()));
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

  /**
   * BFGS on minus the log-likelihood with gradient-only passes and Armijo backtracking; the
   * inverse-Hessian approximation starts from the pooled fit's inverse information for beta
   * and 2 / groups for log sigma (the information about log sigma is of the order of half the
   * number of groups). Updates that would lose positive definiteness (s'y &le; 0) are skipped.
   */
  Stage bfgs(double[] beta, double logSigma, double[] pooledInverse, long groups) {
    int p = beta.length;
    int d = p + 1;
    double[] inverse = new double[d * d];
    for (int i = 0; i < p; i++) {
      System.arraycopy(pooledInverse, i * p, inverse, i * d, p);
    }
    inverse[d * d - 1] = 2.0 / Math.max(1, groups);
    Stage stage = new Stage();
    GlmmLikelihoodSum current = evaluate(beta, logSigma, false);
    for (int iteration = 0; ; iteration++) {
      stage.iterations = iteration;
      stage.sum = current;
      stage.beta = beta;
      stage.logSigma = logSigma;
      double[] g = current.gradient();
      if (!Double.isFinite(current.logLik()) || !allFinite(g)) {
        stage.status = FitStatus.NON_FINITE;
        stage.message = "log-likelihood or gradient not finite at " + current.point();
        return stage;
      }
      double[] step = multiply(inverse, g, d);
      double decrement = dot(g, step);
      if (!(decrement > 0)) {
        for (int i = 0; i < d * d; i++) {
          inverse[i] = i % (d + 1) == 0 ? 1.0 / Math.max(1, groups) : 0;
        }
        step = multiply(inverse, g, d);
        decrement = dot(g, step);
      }
      if (decrement < decrementTolerance(current.logLik()) || maxAbs(g) < 1e-9) {
        stage.status = FitStatus.CONVERGED;
        stage.message = "converged (BFGS): decrement " + decrement;
        return stage;
      }
      if (iteration >= maxIterations) {
        stage.status = FitStatus.MAX_ITERATIONS;
        stage.message = "no convergence in " + maxIterations + " BFGS iterations (max |gradient| " + maxAbs(g) + ")";
        return stage;
      }
      if (headingToBoundary(beta, logSigma, step[p])) {
        stage.status = FitStatus.SINGULAR_FIT;
        stage.message = "sigma -> 0";
        return stage;
      }
      capStep(step, p, false);
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
        trialLogSigma = logSigma + alpha * step[p];
        GlmmLikelihoodSum trial = evaluate(trialBeta, trialLogSigma, false);
        if (increases(trial, current, alpha * slope)) {
          accepted = trial;
          break;
        }
        if (alpha * slope < roundingFloor(current.logLik())) {
          break;
        }
      }
      if (accepted == null) {
        boolean flat = decrement < Math.max(1e-8, 10 * roundingFloor(current.logLik()));
        stage.status = flat ? FitStatus.CONVERGED : FitStatus.LINE_SEARCH_FAILED;
        stage.message = (flat ? "converged (no further increase representable, BFGS)" : "line search failed (BFGS)")
            + ": decrement " + decrement;
        return stage;
      }
      double[] gNew = accepted.gradient();
      double[] s = new double[d];
      double[] y = new double[d];
      for (int j = 0; j < p; j++) {
        s[j] = trialBeta[j] - beta[j];
      }
      s[p] = trialLogSigma - logSigma;
      for (int j = 0; j < d; j++) {
        y[j] = g[j] - gNew[j]; // change in the gradient of minus the log-likelihood
      }
      double sy = dot(s, y);
      if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
        updateInverse(inverse, s, y, sy, d);
      }
      current = accepted;
      beta = trialBeta;
      logSigma = trialLogSigma;
    }
  }

  /**
   * Stop when the Newton decrement {@code g' H^-1 g} (twice the increase a full step promises,
   * and the squared length of the step in standard-error units) is below 1e-11, or below the
   * rounding floor of the log-likelihood where that is higher. A sum over many groups of
   * binomial counts has |logLik| of 1e5 and more, and rounding differs with the order in which
   * Spark merges partitions; below that floor the line search cannot tell a better point from a
   * worse one and Newton would iterate to the limit without moving (issue 9's FixMyStreet
   * model: decrement 1.5e-11, |logLik| 1.8e5, a step of 4e-6 standard errors).
   */
  static double decrementTolerance(double logLik) {
    return Math.max(1e-11, roundingFloor(logLik));
  }

  /**
   * The change in a summed log-likelihood that rounding can produce: 1e-14 |logLik|, about 45
   * units in the last place, the error of summing a few thousand group terms in different
   * orders.
   */
  static double roundingFloor(double logLik) {
    return 1e-14 * Math.abs(logLik);
  }

  /**
   * Armijo's sufficient increase; an unchanged log-likelihood is no increase (otherwise a step
   * that rounding swallows would be accepted again and again without the iterate moving).
   */
  private static boolean increases(GlmmLikelihoodSum trial, GlmmLikelihoodSum current, double predictedIncrease) {
    return Double.isFinite(trial.logLik())
        && trial.logLik() > current.logLik()
        && trial.logLik() >= current.logLik() + 1e-4 * predictedIncrease;
  }

  /** H+ = (I - rho s y') H (I - rho y s') + rho s s', rho = 1 / s'y (Nocedal and Wright, eq. 6.17). */
  private static void updateInverse(double[] h, double[] s, double[] y, double sy, int d) {
    double rho = 1 / sy;
    double[] hy = multiply(h, y, d);
    double yhy = dot(y, hy);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        h[i * d + j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
      }
    }
  }

  private Boolean boundaryIsLocalMaximum;

  /**
   * Whether the iterate is heading into sigma = 0 and should be declared singular: below
   * sigma = 1e-2 while decreasing and the pooled point is a local maximum in sigma (the sign
   * of d logLik / d log sigma at sigma = 1e-3, which is sigma^2 times the score-test curvature
   * {@code sum_j (sum_i r_ij)^2 - sum_i v_ij}), or below lme4's singular tolerance 1e-4.
   */
  private boolean headingToBoundary(double[] beta, double logSigma, double logSigmaStep) {
    if (!(logSigma < Math.log(1e-2)) || !(logSigmaStep < 0)) {
      return false;
    }
    if (logSigma < Math.log(RandomInterceptLogitFitter.SINGULAR_SIGMA)) {
      return true;
    }
    if (boundaryIsLocalMaximum == null) {
      boundaryIsLocalMaximum = evaluate(beta, Math.log(1e-3), false).gradient()[beta.length] <= 0;
    }
    return boundaryIsLocalMaximum;
  }

  static double[] negativeHessian(double[] hessian, int full, int d) {
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

  private static double[] multiply(double[] a, double[] v, int d) {
    double[] r = new double[d];
    for (int i = 0; i < d; i++) {
      double t = 0;
      for (int j = 0; j < d; j++) {
        t += a[i * d + j] * v[j];
      }
      r[i] = t;
    }
    return r;
  }

  static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  static final class Stage {
    GlmmLikelihoodSum sum;
    double[] beta;
    double logSigma;
    int iterations;
    FitStatus status;
    String message;
  }
}
