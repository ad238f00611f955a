package org.coprod.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * Per-group approximate marginal log-likelihood of a random-intercept logit and its
 * analytic gradient, as lme4's {@code glmer} defines them for a scalar random effect.
 *
 * <p>Model: {@code eta_i = a_i + sigma u}, {@code a_i = x_i' beta}, {@code u ~ N(0, 1)},
 * {@code sigma = exp(s)}. With the row log-likelihoods {@code l_i} of {@link GroupBlock},
 *
 * <pre>
 *   F(u)   = sum_i l_i(a_i + sigma u) - u^2 / 2                         (log integrand + log sqrt(2 pi))
 *   u^     = argmax F,   H = -F''(u^) = 1 + sigma^2 sum_i w_i t_i p_i (1 - p_i)
 *   u_k    = u^ + z_k / sqrt(H)                                          (adaptive nodes, GHrule(K))
 *   L      = log sum_k weight_k exp(F(u_k) + z_k^2 / 2) - log(H) / 2
 * </pre>
 *
 * K = 1 ({@code z = 0, weight = 1}) is the Laplace approximation {@code F(u^) - log(H)/2};
 * this is lme4's {@code -(sum devResid... + ldL2 + u'u)/2} up to its convention on constants
 * (see {@link GlmmLikelihoodSum}). Here L is always the full log-likelihood, including the log
 * binomial coefficients.
 *
 * <p>Gradient. The mode and the curvature depend on the parameters, so the derivative is
 * total: with {@code pi_k} the normalised node terms,
 *
 * <pre>
 *   dL/dtheta = sum_k pi_k [ F_theta(u_k) + F_u(u_k) du_k/dtheta ] - (dH/dtheta) / (2H),
 *   du_k/dtheta = du^/dtheta - z_k H^(-3/2) (dH/dtheta) / 2,
 *   du^/dtheta = F_u,theta(u^) / H                       (implicit function theorem, F_u(u^) = 0)
 *   dH/dtheta = dH/dtheta|_u + sigma^3 sum_i v_i (1 - 2 p_i) du^/dtheta
 * </pre>
 *
 * For beta all these vectors are combinations of {@code sum_i c_i x_i}, so one pass over the
 * rows with a per-row scalar {@code c_i} gives the whole beta gradient.
 *
 * <p>Speed. {@code e_i = exp(a_i)} is computed once per evaluation; every Newton step of the
 * mode search and every node then needs {@code q_i = e_i exp(sigma u)}, a multiply. For unit
 * weights and trials, {@code sum_i log(1 + q_i)} is the sum of the logs of products of 16
 * consecutive factors (all factors are &ge; 1, so a product cannot underflow, and it overflows
 * only if its factors average above 1e19); an overflow or an infinite {@code q_i} sends that
 * group to the guarded per-row {@code log1p} path, so the fast loops need no branch.
 *
 * <p>Not thread-safe: it owns scratch arrays. One instance per task or thread.
 */
final class RandomInterceptKernel {

  /** Rows per partial product of (1 + q_i); one log per block instead of one per row. */
  private static final int BLOCK = 16;
  private static final double HUGE = 1e300;
  private static final int MAX_NEWTON = 200;

  private double[] linear = new double[0];
  private double[] expLinear = new double[0];
  private double[] trialWeight = new double[0];
  private double[] pHat = new double[0];
  private double[] pBar = new double[0];
  private double[] pNodes = new double[0];
  private double[] logTerms = new double[GaussHermiteRule.MAX_POINTS];
  private double[] scoreU = new double[GaussHermiteRule.MAX_POINTS];
  private double[] scoreS = new double[GaussHermiteRule.MAX_POINTS];

  // Group sums set by prepare().
  private int n;
  private double sumWs;
  private double sumWsLinear;
  private double sumWt;
  private double binomialConstant;
  private boolean unitWeights;

  // Results of the last call; read by the accumulator.
  private double lastMode;
  private double lastCurvature;
  private double lastSumP; // sum_i w_i t_i p_i at the point of the last row pass

  /** Row passes spent in mode searches so far (for the benchmark). */
  long modePasses;

  double lastMode() {
    return lastMode;
  }

  double lastCurvature() {
    return lastCurvature;
  }

  double lastBinomialConstant() {
    return binomialConstant;
  }

  /**
   * Approximate log-likelihood of one group, adding its gradient with respect to
   * {@code (beta, logSigma)} into {@code gradient[0..columns]} when it is not null.
   *
   * @param modeStart where the mode search starts (the last mode of this group, or 0)
   */
  double evaluate(GroupBlock block, double[] beta, double logSigma, GaussHermiteRule rule, double[] gradient, double modeStart) {
    double sigma = Math.exp(logSigma);
    if (sigma == 0) {
      rule = GaussHermiteRule.of(1); // no random effect: every rule gives the pooled value exactly
    }
    prepare(block, beta, rule.points());
    double u = findMode(sigma, modeStart);
    int k0 = zeroNode(rule);

    // Row pass at the mode: p^, curvature terms, and the log term when z = 0 is a node.
    double c = Math.exp(sigma * u);
    double sv = 0;
    double st = 0;
    double sp = 0;
    double logTermHat = Double.NaN;
    double[] e = expLinear;
    double[] wt = trialWeight;
    if (unitWeights && k0 >= 0) {
      // As the guarded loop below, plus the blocked product of (1 + q_i) for sum log(1 + q_i).
      double logs = 0;
      for (int start = 0; start < n; start += BLOCK) {
        int end = Math.min(n, start + BLOCK);
        double product = 1;
        for (int i = start; i < end; i++) {
          double q = e[i] * c;
          double f = 1 + q;
          double pr = q / f;
          pHat[i] = pr;
          sp += pr;
          double v = pr * (1 - pr);
          sv += v;
          st += v * (1 - 2 * pr);
          product *= f;
        }
        logs += Math.log(product);
      }
      logTermHat = logs;
    }
    if (!(Double.isFinite(logTermHat) && sp == sp)) {
      sv = 0;
      st = 0;
      sp = 0;
      for (int i = 0; i < n; i++) {
        double q = e[i] * c;
        double pr = q < HUGE ? q / (1 + q) : 1.0;
        pHat[i] = pr;
        double wp = wt[i] * pr;
        sp += wp;
        double v = wp * (1 - pr);
        sv += v;
        st += v * (1 - 2 * pr);
      }
      if (k0 >= 0) {
        logTermHat = logOnePlusQ(c, sigma * u, null, 0);
      }
    }
    double h = 1 + sigma * sigma * sv;
    double lambda = 1 / Math.sqrt(h);
    lastMode = u;
    lastCurvature = h;

    int points = rule.points();
    double maxLog = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < points; k++) {
      double z = rule.node(k);
      double uk = u + z * lambda;
      double logTerm;
      double spk;
      if (k == k0) {
        logTerm = logTermHat;
        spk = sp;
      } else {
        logTerm = logOnePlusQ(Math.exp(sigma * uk), sigma * uk, pNodes, k * n);
        spk = lastSumP;
      }
      double residual = sumWs - spk;
      double f = sumWsLinear + sigma * uk * sumWs - logTerm - 0.5 * uk * uk;
      logTerms[k] = rule.logWeightPlusHalfSquare(k) + f;
      scoreU[k] = sigma * residual - uk;
      scoreS[k] = sigma * uk * residual;
      maxLog = Math.max(maxLog, logTerms[k]);
    }
    double total = 0;
    for (int k = 0; k < points; k++) {
      logTerms[k] = Math.exp(logTerms[k] - maxLog); // now unnormalised pi_k
      total += logTerms[k];
    }
    double logLik = maxLog + Math.log(total) - 0.5 * Math.log(h) + binomialConstant;
    if (gradient != null) {
      addGradient(block, rule, gradient, sigma, u, h, lambda, sp, sv, st, total, k0);
    }
    return logLik;
  }

  /** Conditional mode u^ and curvature H of one group at (beta, sigma), without the integral. */
  void modeOnly(GroupBlock block, double[] beta, double sigma) {
    prepare(block, beta, 1);
    double u = findMode(sigma, 0);
    double c = Math.exp(sigma * u);
    double sv = 0;
    for (int i = 0; i < n; i++) {
      double q = expLinear[i] * c;
      double pr = q < HUGE ? q / (1 + q) : 1.0;
      sv += trialWeight[i] * pr * (1 - pr);
    }
    lastMode = u;
    lastCurvature = 1 + sigma * sigma * sv;
  }

  private void addGradient(
      GroupBlock block, GaussHermiteRule rule, double[] gradient, double sigma, double u, double h, double lambda,
      double sp, double sv, double st, double total, int k0) {
    int points = rule.points();
    double c1 = 0;
    double c2 = 0;
    double cs = 0;
    double piHat = 0;
    java.util.Arrays.fill(pBar, 0, n, 0.0);
    for (int k = 0; k < points; k++) {
      double pk = logTerms[k] / total;
      c1 += pk * scoreU[k];
      c2 += pk * scoreU[k] * rule.node(k);
      cs += pk * scoreS[k];
      if (k == k0) {
        piHat = pk;
      } else {
        int offset = k * n;
        for (int i = 0; i < n; i++) {
          pBar[i] += pk * pNodes[offset + i];
        }
      }
    }
    double sigma2 = sigma * sigma;
    double sigma3 = sigma2 * sigma;
    double residualHat = sumWs - sp;
    double duds = (sigma * residualHat - sigma2 * u * sv) / h;
    double dhds = 2 * sigma2 * sv + sigma3 * u * st + sigma3 * st * duds;
    double dCoef = -0.5 * c2 * lambda / h - 0.5 / h;
    double alpha1 = -c1 * sigma / h - dCoef * sigma2 * sigma2 * st / h;
    double alpha2 = dCoef * sigma2;
    int p = block.columns();
    double[] x = block.x();
    double[] s = block.successes();
    double[] w = block.weights();
    for (int i = 0; i < n; i++) {
      double pr = pHat[i];
      double v = trialWeight[i] * pr * (1 - pr);
      double coef = w[i] * s[i] - trialWeight[i] * (pBar[i] + piHat * pr) + alpha1 * v + alpha2 * v * (1 - 2 * pr);
      int row = i * p;
      for (int j = 0; j < p; j++) {
        gradient[j] += coef * x[row + j];
      }
    }
    gradient[p] += cs + c1 * duds + dCoef * dhds;
  }

  /** Linear predictors, exponentials, weights and the group constants. */
  private void prepare(GroupBlock block, double[] beta, int points) {
    n = block.rows();
    int p = block.columns();
    if (beta.length != p) {
      throw new IllegalArgumentException("beta has " + beta.length + " values, block " + block.groupId() + " has " + p + " columns");
    }
    ensureCapacity(n, points);
    double[] x = block.x();
    double[] s = block.successes();
    double[] t = block.trials();
    double[] w = block.weights();
    double ws = 0;
    double wsa = 0;
    double wtSum = 0;
    double binomial = 0;
    boolean unit = true;
    for (int i = 0; i < n; i++) {
      int row = i * p;
      double a = 0;
      for (int j = 0; j < p; j++) {
        a += x[row + j] * beta[j];
      }
      linear[i] = a;
      expLinear[i] = Math.exp(a);
      double ti = t[i];
      double wi = w[i];
      double si = s[i];
      double wti = wi * ti;
      trialWeight[i] = wti;
      unit &= wti == 1;
      ws += wi * si;
      wsa += wi * si * a;
      wtSum += wti;
      if (ti != 1 || (si != 0 && si != 1)) {
        binomial += wi * (Gamma.logGamma(ti + 1) - Gamma.logGamma(si + 1) - Gamma.logGamma(ti - si + 1));
      }
    }
    sumWs = ws;
    sumWsLinear = wsa;
    sumWt = wtSum;
    binomialConstant = binomial;
    unitWeights = unit;
  }

  /**
   * Safeguarded Halley/Newton for F_u(u) = sigma (sum w s - sum w t p(u)) - u = 0. F is strictly
   * concave (H &ge; 1) and the root lies in [sigma sum w (s - t), sigma sum w s], so a Newton
   * step leaving the shrinking bracket is replaced by bisection. Halley's method costs one
   * multiply-add per row more than Newton's and saves about one row pass. It stops without a
   * confirming pass once the error after the step, predicted from the cubic (Halley) or
   * quadratic (Newton) convergence, e.g. for Newton {@code |F3| / (2 H) * step^2} with the third derivative {@code F3 = -sigma^3 sum v_i (1 - 2 p_i)},
   * is below 1e-14: one row pass fewer per group and evaluation than a step-size test.
   */
  private double findMode(double sigma, double modeStart) {
    double lo = sigma * (sumWs - sumWt);
    double hi = sigma * sumWs;
    double u = Double.isFinite(modeStart) ? Math.min(hi, Math.max(lo, modeStart)) : 0;
    if (sigma == 0) {
      return 0;
    }
    double[] e = expLinear;
    double[] wt = trialWeight;
    double sigma2 = sigma * sigma;
    for (int iteration = 0; iteration < MAX_NEWTON; iteration++) {
      modePasses++;
      double c = Math.exp(sigma * u);
      double sp = 0;
      double sv = 0;
      double st = 0;
      if (unitWeights) {
        for (int i = 0; i < n; i++) {
          double q = e[i] * c;
          double pr = q / (1 + q);
          sp += pr;
          double v = pr * (1 - pr);
          sv += v;
          st += v * (1 - 2 * pr);
        }
      }
      if (!unitWeights || sp != sp) { // weights, or an infinite q made p = NaN
        sp = 0;
        sv = 0;
        st = 0;
        for (int i = 0; i < n; i++) {
          double q = e[i] * c;
          double pr = q < HUGE ? q / (1 + q) : 1.0;
          double wp = wt[i] * pr;
          sp += wp;
          double v = wp * (1 - pr);
          sv += v;
          st += v * (1 - 2 * pr);
        }
      }
      double score = sigma * (sumWs - sp) - u;
      if (score > 0) {
        lo = u;
      } else {
        hi = u;
      }
      double h = 1 + sigma2 * sv;
      // Halley's step (cubic convergence) when the curvature change is moderate, else Newton's.
      double third = score * sigma2 * sigma * st;
      boolean halley = Math.abs(third) < h * h;
      double step = halley ? 2 * score * h / (2 * h * h + third) : score / h;
      double next = u + step;
      if (next >= lo && next <= hi) {
        // Predicted error after the step: C |step|^3 with C <= sigma^2 for Halley (the ratios of
        // the derivatives of F_u are O(sigma)), C = |F3| / (2H) |step|^2 / |step| for Newton.
        double predicted = halley
            ? (1 + sigma2) * Math.abs(step * step * step)
            : 0.5 * sigma2 * sigma * Math.abs(st) / h * step * step;
        u = next;
        if (predicted <= 1e-14 * (1 + Math.abs(u)) && Math.abs(step) < 1e-3) {
          break;
        }
      } else {
        next = 0.5 * (lo + hi);
        double change = Math.abs(next - u);
        u = next;
        if (change <= 1e-14 * (1 + Math.abs(u))) {
          break;
        }
      }
    }
    return u;
  }

  /**
   * {@code sum_i w_i t_i log(1 + q_i)} with {@code q_i = e_i c}; stores p_i at {@code out[offset + i]}
   * when out is not null and leaves {@code sum_i w_i t_i p_i} in {@link #lastSumP}.
   */
  private double logOnePlusQ(double c, double shift, double[] out, int offset) {
    double[] e = expLinear;
    double[] wt = trialWeight;
    double sp = 0;
    if (unitWeights && out != null) {
      // Branch-free blocks: a product of BLOCK factors overflows only if they average
      // above 1e19 (eta > 43); then, or if some q is infinite (p = NaN), redo row by row.
      double logs = 0;
      for (int start = 0; start < n; start += BLOCK) {
        int end = Math.min(n, start + BLOCK);
        double product = 1;
        for (int i = start; i < end; i++) {
          double q = e[i] * c;
          double f = 1 + q;
          double pr = q / f;
          out[offset + i] = pr;
          sp += pr;
          product *= f;
        }
        logs += Math.log(product);
      }
      if (Double.isFinite(logs) && sp == sp) {
        lastSumP = sp;
        return logs;
      }
      sp = 0;
    }
    double logs = 0;
    for (int i = 0; i < n; i++) {
      double q = e[i] * c;
      double pr = q < HUGE ? q / (1 + q) : 1.0;
      if (out != null) {
        out[offset + i] = pr;
      }
      sp += wt[i] * pr;
      double log1pq = q < HUGE ? Math.log1p(q) : linear[i] + shift;
      logs += wt[i] * log1pq;
    }
    lastSumP = sp;
    return logs;
  }

  private static int zeroNode(GaussHermiteRule rule) {
    for (int k = 0; k < rule.points(); k++) {
      if (rule.node(k) == 0) {
        return k;
      }
    }
    return -1;
  }

  private void ensureCapacity(int rows, int points) {
    if (linear.length < rows) {
      int size = Math.max(rows, 2 * linear.length);
      linear = new double[size];
      expLinear = new double[size];
      trialWeight = new double[size];
      pHat = new double[size];
      pBar = new double[size];
    }
    if (pNodes.length < (long) rows * points) {
      pNodes = new double[Math.max(rows * points, 2 * pNodes.length)];
    }
  }
}
