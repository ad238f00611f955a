package org.coprod.stats;

import org.apache.commons.math3.special.Gamma;

/**
 * One group prepared for an evaluation at a given beta: {@code e_i = exp(x_i' beta)} (the only
 * exponential per row), {@code w_i t_i} on demand, the group sums, and
 * the search for the conditional mode. Reused across groups by {@link RandomInterceptKernel};
 * not thread-safe.
 */
final class GroupRows {

  static final double HUGE = 1e300;
  /** Rows per partial product of (1 + q_i); one log per block instead of one per row. */
  static final int BLOCK = 16;
  private static final int MAX_NEWTON = 200;

  double[] expLinear = new double[0];
  double[] trialWeight = new double[0];
  int n;
  double sumWs;
  double sumWsLinear;
  double sumWt;
  double binomialConstant;
  boolean unitWeights;
  /** sum_i w_i t_i p_i at the point of the last {@link #logOnePlusQ} pass. */
  double lastSumP;
  /** Row passes spent in mode searches so far (for the benchmark). */
  long modePasses;

  /** Linear predictors, exponentials, weights and the group constants. */
  /**
   * Computes the row quantities at beta and, in the same loop (where the division hides behind
   * the exponential), the first mode-search sums at {@code u = start}: one row pass fewer.
   */
  void prepare(GroupBlock block, double[] beta, double sigma, double start) {
    n = block.rows();
    int p = block.columns();
    if (beta.length != p) {
      throw new IllegalArgumentException("beta has " + beta.length + " values, block " + block.groupId() + " has " + p + " columns");
    }
    ensureCapacity(n);
    double[] x = block.x();
    double[] s = block.successes();
    double[] t = block.trials();
    double[] w = block.weights();
    double ws = 0;
    double wsa = 0;
    double wtSum = 0;
    double binomial = 0;
    boolean unit = true;
    double firstU = Double.isFinite(start) ? start : 0;
    double c0 = Math.exp(sigma * firstU);
    double sp = 0;
    double sv = 0;
    double st = 0;
    for (int i = 0; i < n; i++) {
      int row = i * p;
      double a = 0;
      for (int j = 0; j < p; j++) {
        a += x[row + j] * beta[j];
      }
      double e = Math.exp(a);
      expLinear[i] = e;
      double ti = t[i];
      double wi = w[i];
      double si = s[i];
      double wti = wi * ti;
      double q = e * c0;
      double pr = q < HUGE ? q / (1 + q) : 1.0;
      double wp = wti * pr;
      sp += wp;
      double v = wp * (1 - pr);
      sv += v;
      st += v * (1 - 2 * pr);
      unit &= wti == 1;
      ws += wi * si;
      wsa += wi * si * a;
      wtSum += wti;
      // One predictable branch: short-circuit tests on a random 0/1 response would mispredict half the time.
      if ((ti != 1) | (si * (1 - si) != 0)) {
        binomial += wi * (Gamma.logGamma(ti + 1) - Gamma.logGamma(si + 1) - Gamma.logGamma(ti - si + 1));
      }
    }
    sumWs = ws;
    sumWsLinear = wsa;
    sumWt = wtSum;
    binomialConstant = binomial;
    unitWeights = unit;
    currentBlock = block;
    currentBeta = beta;
    trialWeightsReady = false;
    firstMode = firstU;
    firstSumP = sp;
    firstSumV = sv;
    firstSumT = st;
  }

  // The prepared group, for the rarely needed per-row values computed on demand: keeping the
  // preparation loop free of two array stores makes it ~3 ns/row cheaper.
  private GroupBlock currentBlock;
  private double[] currentBeta;
  private boolean trialWeightsReady;

  /** {@code w_i t_i} per row, filled on first use after each prepare (guarded paths only). */
  double[] trialWeights() {
    if (!trialWeightsReady) {
      double[] t = currentBlock.trials();
      double[] w = currentBlock.weights();
      for (int i = 0; i < n; i++) {
        trialWeight[i] = w[i] * t[i];
      }
      trialWeightsReady = true;
    }
    return trialWeight;
  }

  /** {@code x_i' beta}, recomputed: needed only where {@code exp} of it overflowed. */
  double linear(int i) {
    double[] x = currentBlock.x();
    int p = currentBlock.columns();
    double a = 0;
    for (int j = 0; j < p; j++) {
      a += x[i * p + j] * currentBeta[j];
    }
    return a;
  }

  // Mode-search sums at u = firstMode, computed by prepare().
  private double firstMode;
  private double firstSumP;
  private double firstSumV;
  private double firstSumT;

  /**
   * Safeguarded Halley/Newton for F_u(u) = sigma (sum w s - sum w t p(u)) - u = 0. F is strictly
   * concave (H &ge; 1) and the root lies in [sigma sum w (s - t), sigma sum w s], so a Newton
   * step leaving the shrinking bracket, or not converging fast, is replaced by bisection. Halley's method costs one
   * multiply-add per row more than Newton's and saves about one row pass. It stops without a
   * confirming pass once the error after the step, predicted from the cubic (Halley) or
   * quadratic (Newton) convergence, e.g. for Newton {@code |F3| / (2 H) * step^2} with the third derivative {@code F3 = -sigma^3 sum v_i (1 - 2 p_i)},
   * is below 1e-14: one row pass fewer per group and evaluation than a step-size test.
   */
  double findMode(double sigma, double modeStart) {
    double lo = sigma * (sumWs - sumWt);
    double hi = sigma * sumWs;
    double u = Double.isFinite(modeStart) ? Math.min(hi, Math.max(lo, modeStart)) : 0;
    if (sigma == 0) {
      return 0;
    }
    double[] e = expLinear;
    double sigma2 = sigma * sigma;
    // Step lengths of the last two iterations (Numerical Recipes' rtsafe safeguard): a step
    // not shorter than half the one before last means Newton/Halley is not converging fast
    // (it can cycle between the two sides of a sharp bend of F_u), so bisect instead.
    double lastStep = hi - lo;
    double stepBeforeLast = hi - lo;
    for (int iteration = 0; iteration < MAX_NEWTON; iteration++) {
      double sp;
      double sv;
      double st;
      if (iteration == 0 && u == firstMode) {
        sp = firstSumP;
        sv = firstSumV;
        st = firstSumT;
      } else {
        modePasses++;
        double c = Math.exp(sigma * u);
        sums(c, e);
        sp = passP;
        sv = passV;
        st = passT;
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
      if (next >= lo && next <= hi && Math.abs(step) <= 0.5 * Math.abs(stepBeforeLast)) {
        stepBeforeLast = lastStep;
        lastStep = step;
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
        stepBeforeLast = lastStep;
        lastStep = next - u;
        u = next;
        if (hi - lo <= 1e-14 * (1 + Math.abs(u))) {
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
  double logOnePlusQ(double c, double shift, double[] out, int offset) {
    double[] e = expLinear;
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
    double[] wt = trialWeights();
    double logs = 0;
    for (int i = 0; i < n; i++) {
      double q = e[i] * c;
      double pr = q < HUGE ? q / (1 + q) : 1.0;
      if (out != null) {
        out[offset + i] = pr;
      }
      sp += wt[i] * pr;
      double log1pq = q < HUGE ? Math.log1p(q) : linear(i) + shift;
      logs += wt[i] * log1pq;
    }
    lastSumP = sp;
    return logs;
  }

  private double passP;
  private double passV;
  private double passT;

  /** sum w t p, sum w t p (1 - p), sum w t p (1 - p)(1 - 2p) at q_i = e_i c, into pass*. */
  private void sums(double c, double[] e) {
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
      double[] wt = trialWeights();
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
    passP = sp;
    passV = sv;
    passT = st;
  }

  private void ensureCapacity(int rows) {
    if (expLinear.length < rows) {
      int size = Math.max(rows, 2 * expLinear.length);
      expLinear = new double[size];
      trialWeight = new double[size];
    }
  }
}
