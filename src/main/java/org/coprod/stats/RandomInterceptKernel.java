package org.coprod.stats;

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
 * K = 1 ({@code z = 0, weight = 1}) is the Laplace approximation {@code F(u^) - log(H)/2}, and
 * {@code -2 L} summed over groups is lme4's Laplace deviance {@code aic + ldL2 + |u|^2}
 * ({@code glmResp::Laplace}; {@code ldL2 = sum_j log H_j} for a scalar random effect). For
 * K &gt; 1 lme4 builds the same integral from deviance residuals, i.e. relative to the
 * saturated model (see {@link GlmmLikelihoodSum}). Here L is always the full log-likelihood,
 * including the log binomial coefficients. Nodes and weights are lme4's {@code GHrule(K)}:
 * the adaptive rule centres them at the conditional mode and scales by {@code 1/sqrt(H)}.
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

  private static final int BLOCK = GroupRows.BLOCK;
  private static final double HUGE = GroupRows.HUGE;

  private final GroupRows rows = new GroupRows();
  private double[] pHat = new double[0];
  private double[] pBar = new double[0];
  private double[] pNodes = new double[0];
  private double[] logTerms = new double[GaussHermiteRule.MAX_POINTS];
  private double[] scoreU = new double[GaussHermiteRule.MAX_POINTS];
  private double[] scoreS = new double[GaussHermiteRule.MAX_POINTS];

  private int n;

  // Results of the last call; read by the accumulator.
  private double lastMode;
  private double lastCurvature;

  /** Row passes spent in mode searches so far (for the benchmark). */
  long modePasses() {
    return rows.modePasses;
  }

  double lastMode() {
    return lastMode;
  }

  double lastCurvature() {
    return lastCurvature;
  }

  double lastBinomialConstant() {
    return rows.binomialConstant;
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
    rows.prepare(block, beta, sigma, modeStart);
    n = rows.n;
    ensureCapacity(n, rule.points());
    double u = rows.findMode(sigma, modeStart);
    int k0 = zeroNode(rule);

    // Row pass at the mode: p^, curvature terms, and the log term when z = 0 is a node.
    double c = Math.exp(sigma * u);
    double sv = 0;
    double st = 0;
    double sp = 0;
    double logTermHat = Double.NaN;
    double[] e = rows.expLinear;
    if (rows.unitWeights) {
      // As the guarded loop below, plus the blocked product of (1 + q_i) for sum log(1 + q_i)
      // (needed when z = 0 is a node; cheap enough to compute always, and the NaN/overflow check uses it).
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
      double[] wt = rows.trialWeights();
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
        logTermHat = rows.logOnePlusQ(c, sigma * u, null, 0);
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
        logTerm = rows.logOnePlusQ(Math.exp(sigma * uk), sigma * uk, pNodes, k * n);
        spk = rows.lastSumP;
      }
      double residual = rows.sumWs - spk;
      double f = rows.sumWsLinear + sigma * uk * rows.sumWs - logTerm - 0.5 * uk * uk;
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
    double logLik = maxLog + Math.log(total) - 0.5 * Math.log(h) + rows.binomialConstant;
    if (gradient != null) {
      addGradient(block, rule, gradient, sigma, u, h, lambda, sp, sv, st, total, k0);
    }
    return logLik;
  }

  /** Conditional mode u^ and curvature H of one group at (beta, sigma), without the integral. */
  void modeOnly(GroupBlock block, double[] beta, double sigma) {
    rows.prepare(block, beta, sigma, 0);
    n = rows.n;
    double u = rows.findMode(sigma, 0);
    double c = Math.exp(sigma * u);
    double sv = 0;
    double[] wt = rows.trialWeights();
    for (int i = 0; i < n; i++) {
      double q = rows.expLinear[i] * c;
      double pr = q < HUGE ? q / (1 + q) : 1.0;
      sv += wt[i] * pr * (1 - pr);
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
    double residualHat = rows.sumWs - sp;
    double duds = (sigma * residualHat - sigma2 * u * sv) / h;
    double dhds = 2 * sigma2 * sv + sigma3 * u * st + sigma3 * st * duds;
    double dCoef = -0.5 * c2 * lambda / h - 0.5 / h;
    double alpha1 = -c1 * sigma / h - dCoef * sigma2 * sigma2 * st / h;
    double alpha2 = dCoef * sigma2;
    int p = block.columns();
    double[] x = block.x();
    double[] s = block.successes();
    double[] w = block.weights();
    double[] t = block.trials();
    for (int i = 0; i < n; i++) {
      double pr = pHat[i];
      double wt = w[i] * t[i];
      double v = wt * pr * (1 - pr);
      pBar[i] = w[i] * s[i] - wt * (pBar[i] + piHat * pr) + alpha1 * v + alpha2 * v * (1 - 2 * pr);
    }
    // Column by column so that each sum stays in a register (a store to gradient[] per row
    // and column cannot be hoisted: the JIT cannot rule out that it aliases x).
    for (int j = 0; j < p; j++) {
      double sum = 0;
      for (int i = 0, at = j; i < n; i++, at += p) {
        sum += pBar[i] * x[at];
      }
      gradient[j] += sum;
    }
    gradient[p] += cs + c1 * duds + dCoef * dhds;
  }

  private static int zeroNode(GaussHermiteRule rule) {
    for (int k = 0; k < rule.points(); k++) {
      if (rule.node(k) == 0) {
        return k;
      }
    }
    return -1;
  }

  private void ensureCapacity(int count, int points) {
    if (pHat.length < count) {
      int size = Math.max(count, 2 * pHat.length);
      pHat = new double[size];
      pBar = new double[size];
    }
    if (pNodes.length < (long) count * points) {
      pNodes = new double[Math.max(count * points, 2 * pNodes.length)];
    }
  }
}
