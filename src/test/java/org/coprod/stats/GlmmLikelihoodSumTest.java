package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GlmmLikelihoodSumTest {

  private static final double[] BETA = {-0.4, 0.8, -0.5};

  private static GlmmLikelihoodSum sum(List<GroupBlock> blocks, double[] beta, double logSigma, int k, boolean hessian) {
    GlmmLikelihoodSum sum = GlmmLikelihoodSum.zero(new EvaluationPoint(beta, logSigma, k, hessian));
    for (GroupBlock block : blocks) {
      sum.add(block);
    }
    return sum;
  }

  /** Brute force: log of integral of prod_i f(y_i | sigma u) phi(u) du by a fine trapezoid rule. */
  private static double bruteForce(GroupBlock b, double[] beta, double sigma) {
    int p = b.columns();
    double lo = -12;
    double hi = 12;
    int steps = 48_000;
    double du = (hi - lo) / steps;
    double[] logs = new double[steps + 1];
    double max = Double.NEGATIVE_INFINITY;
    for (int m = 0; m <= steps; m++) {
      double u = lo + m * du;
      double l = -0.5 * u * u - 0.5 * Math.log(2 * Math.PI);
      for (int i = 0; i < b.rows(); i++) {
        double eta = sigma * u;
        for (int j = 0; j < p; j++) {
          eta += b.x(i, j) * beta[j];
        }
        double s = b.successes()[i];
        double t = b.trials()[i];
        double logp = -Math.log1p(Math.exp(-eta));
        double log1mp = -Math.log1p(Math.exp(eta));
        double choose = org.apache.commons.math3.special.Gamma.logGamma(t + 1)
            - org.apache.commons.math3.special.Gamma.logGamma(s + 1)
            - org.apache.commons.math3.special.Gamma.logGamma(t - s + 1);
        l += b.weights()[i] * (choose + s * logp + (t - s) * log1mp);
      }
      logs[m] = l;
      max = Math.max(max, l);
    }
    double total = 0;
    for (int m = 0; m <= steps; m++) {
      total += (m == 0 || m == steps ? 0.5 : 1) * Math.exp(logs[m] - max);
    }
    return max + Math.log(total * du);
  }

  @Test
  void manyNodeQuadratureMatchesBruteForceIntegral() {
    List<GroupBlock> blocks = GlmmTestData.simulate(6, 25, BETA, 1.3, 11, true, 4);
    double sigma = 1.3;
    for (GroupBlock b : blocks) {
      double exact = bruteForce(b, BETA, sigma);
      double agq = sum(List.of(b), BETA, Math.log(sigma), 25, false).logLik();
      assertThat(agq).as("group %s", b.groupId()).isCloseTo(exact, within(1e-8));
    }
  }

  @Test
  void laplaceMatchesIndependentFormulaAtTheMode() {
    // Laplace = log f(y | sigma u^) + log phi(u^) + log(2 pi)/2 - log(H)/2 with u^ found here by bisection.
    for (GroupBlock b : GlmmTestData.simulate(5, 30, BETA, 0.9, 12, true, 3)) {
      double sigma = 0.9;
      double lo = -50;
      double hi = 50;
      for (int it = 0; it < 200; it++) {
        double mid = 0.5 * (lo + hi);
        if (score(b, sigma, mid) > 0) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      double u = 0.5 * (lo + hi);
      double l = -0.5 * u * u;
      double curvature = 1;
      for (int i = 0; i < b.rows(); i++) {
        double eta = eta(b, i) + sigma * u;
        double prob = 1 / (1 + Math.exp(-eta));
        double s = b.successes()[i];
        double t = b.trials()[i];
        double choose = org.apache.commons.math3.special.Gamma.logGamma(t + 1)
            - org.apache.commons.math3.special.Gamma.logGamma(s + 1)
            - org.apache.commons.math3.special.Gamma.logGamma(t - s + 1);
        l += b.weights()[i] * (choose + s * Math.log(prob) + (t - s) * Math.log1p(-prob));
        curvature += sigma * sigma * b.weights()[i] * t * prob * (1 - prob);
      }
      double laplace = l - 0.5 * Math.log(curvature);
      assertThat(sum(List.of(b), BETA, Math.log(sigma), 1, false).logLik()).isCloseTo(laplace, within(1e-9));
    }
  }

  private static double eta(GroupBlock b, int i) {
    double eta = 0;
    for (int j = 0; j < b.columns(); j++) {
      eta += b.x(i, j) * BETA[j];
    }
    return eta;
  }

  private static double score(GroupBlock b, double sigma, double u) {
    double score = -u;
    for (int i = 0; i < b.rows(); i++) {
      double prob = 1 / (1 + Math.exp(-(eta(b, i) + sigma * u)));
      score += sigma * b.weights()[i] * (b.successes()[i] - b.trials()[i] * prob);
    }
    return score;
  }

  @ParameterizedTest
  @CsvSource({"1, 0.7, false, 1", "1, -1.5, true, 3", "2, 0.2, true, 1", "5, 0.5, false, 5", "7, 1.2, true, 1", "7, -0.3, false, 1", "25, 0.9, true, 2"})
  void gradientMatchesFiniteDifferencesAtSeededPoints(int nAGQ, double logSigma, boolean weighted, int maxTrials) {
    SplittableRandom random = new SplittableRandom(nAGQ * 31L + maxTrials);
    List<GroupBlock> blocks = GlmmTestData.simulate(40, 30, BETA, Math.exp(logSigma), 21 + nAGQ, weighted, maxTrials);
    double[] beta = BETA.clone();
    for (int j = 0; j < beta.length; j++) {
      beta[j] += 0.3 * GlmmTestData.gaussian(random);
    }
    GlmmLikelihoodSum at = sum(blocks, beta, logSigma, nAGQ, false);
    double[] gradient = at.gradient();
    for (int j = 0; j <= beta.length; j++) {
      double h = 1e-5;
      double plus;
      double minus;
      if (j < beta.length) {
        double[] b = beta.clone();
        b[j] += h;
        plus = sum(blocks, b, logSigma, nAGQ, false).logLik();
        b[j] -= 2 * h;
        minus = sum(blocks, b, logSigma, nAGQ, false).logLik();
      } else {
        plus = sum(blocks, beta, logSigma + h, nAGQ, false).logLik();
        minus = sum(blocks, beta, logSigma - h, nAGQ, false).logLik();
      }
      double numeric = (plus - minus) / (2 * h);
      assertThat(gradient[j]).as("d/dtheta_%d, nAGQ=%d", j, nAGQ).isCloseTo(numeric, within(1e-5 * (1 + Math.abs(numeric))));
    }
  }

  @Test
  void hessianIsSymmetricAndMatchesSecondDifferences() {
    List<GroupBlock> blocks = GlmmTestData.simulate(30, 20, BETA, 0.8, 5, false, 1);
    double logSigma = Math.log(0.8);
    double[] hessian = sum(blocks, BETA, logSigma, 7, true).hessian();
    int d = BETA.length + 1;
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertThat(hessian[i * d + j]).isCloseTo(hessian[j * d + i], within(1e-6 * (1 + Math.abs(hessian[i * d + j]))));
      }
    }
    double h = 1e-4;
    double f0 = sum(blocks, BETA, logSigma, 7, false).logLik();
    double fp = sum(blocks, BETA, logSigma + h, 7, false).logLik();
    double fm = sum(blocks, BETA, logSigma - h, 7, false).logLik();
    assertThat(hessian[d * d - 1]).isCloseTo((fp - 2 * f0 + fm) / (h * h), within(1e-3 * (1 + Math.abs(hessian[d * d - 1]))));
  }

  @Test
  void quadratureConvergesFromLaplaceToTheIntegralAndSigmaZeroIsThePooledLogit() {
    // nAGQ = 1 is checked against an independent Laplace formula above; here the error of
    // the adaptive rule against the brute-force integral must shrink as K grows.
    List<GroupBlock> blocks = GlmmTestData.simulate(20, 15, BETA, 1, 3, true, 2);
    double exact = 0;
    for (GroupBlock b : blocks) {
      exact += bruteForce(b, BETA, Math.exp(0.1));
    }
    double laplaceError = Math.abs(sum(blocks, BETA, 0.1, 1, false).logLik() - exact);
    double error5 = Math.abs(sum(blocks, BETA, 0.1, 5, false).logLik() - exact);
    double error15 = Math.abs(sum(blocks, BETA, 0.1, 15, false).logLik() - exact);
    assertThat(laplaceError).isGreaterThan(error5);
    assertThat(error5).isGreaterThan(error15);
    assertThat(error15).isLessThan(1e-7);
    double pooled = 0;
    for (GroupBlock b : blocks) {
      pooled += bruteForce(b, BETA, 0);
    }
    for (int k : new int[] {1, 4, 7}) {
      assertThat(sum(blocks, BETA, Double.NEGATIVE_INFINITY, k, false).logLik()).isCloseTo(pooled, within(1e-8));
    }
  }

  @Test
  void invariantToRowOrderGroupOrderAndGroupLabels() {
    List<GroupBlock> blocks = GlmmTestData.simulate(25, 20, BETA, 1, 8, true, 1);
    GlmmLikelihoodSum reference = sum(blocks, BETA, -0.2, 7, false);
    List<GroupBlock> shuffled = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(99);
    for (GroupBlock b : blocks) {
      shuffled.add(GlmmTestData.permuteRows(b, new java.util.Random(random.nextLong()), "relabelled-" + b.groupId().hashCode()));
    }
    Collections.shuffle(shuffled, new java.util.Random(7));
    GlmmLikelihoodSum other = sum(shuffled, BETA, -0.2, 7, false);
    assertThat(other.logLik()).isCloseTo(reference.logLik(), within(1e-9));
    double[] g1 = reference.gradient();
    double[] g2 = other.gradient();
    for (int j = 0; j < g1.length; j++) {
      assertThat(g2[j]).isCloseTo(g1[j], within(1e-9));
    }
    assertThat(other.groups()).isEqualTo(25);
    assertThat(other.rows()).isEqualTo(reference.rows());
  }

  @Test
  void mergeOfPartialSumsEqualsOneSumAndSurvivesSerialisation() throws Exception {
    List<GroupBlock> blocks = GlmmTestData.simulate(30, 10, BETA, 1, 4, false, 1);
    GlmmLikelihoodSum whole = sum(blocks, BETA, 0, 5, true);
    GlmmLikelihoodSum left = sum(blocks.subList(0, 13), BETA, 0, 5, true);
    GlmmLikelihoodSum right = roundTrip(sum(blocks.subList(13, 30), BETA, 0, 5, true));
    right.add(blocks.get(0)); // a deserialised sum must still be able to add (transient kernel)
    GlmmLikelihoodSum merged = roundTrip(left).merge(right);
    GlmmLikelihoodSum expected = sum(blocks, BETA, 0, 5, true).add(blocks.get(0));
    assertThat(merged.logLik()).isCloseTo(expected.logLik(), within(1e-9));
    assertThat(merged.groups()).isEqualTo(31);
    assertThat(merged.hessian()[0]).isCloseTo(expected.hessian()[0], within(1e-7));
    assertThat(whole.groups()).isEqualTo(30);
  }

  private static GlmmLikelihoodSum roundTrip(GlmmLikelihoodSum sum) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sum);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (GlmmLikelihoodSum) in.readObject();
    }
  }

  @Test
  void gradientIsRightOnTheOverflowFallbackPaths() {
    // Linear predictors up to ~+-400: blocked products overflow and q = e^eta c reaches
    // infinity for some nodes, so the guarded per-row paths are exercised.
    SplittableRandom random = new SplittableRandom(77);
    List<GroupBlock> blocks = new ArrayList<>();
    for (int g = 0; g < 8; g++) {
      int n = 40;
      double[] x = new double[2 * n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[2 * i] = 1;
        x[2 * i + 1] = 220 * (random.nextDouble() - 0.3); // eta = 0.2 + 5 x reaches e^700+
        y[i] = random.nextDouble() < (x[2 * i + 1] > 0 ? 0.9 : 0.1) ? 1 : 0;
      }
      blocks.add(GroupBlock.binary("x" + g, 2, x, y));
    }
    double[] beta = {0.2, 5.0};
    for (int k : new int[] {1, 7}) {
      double[] gradient = sum(blocks, beta, 1.5, k, false).gradient();
      assertThat(sum(blocks, beta, 1.5, k, false).logLik()).isFinite();
      double h = 1e-6;
      double numeric = (sum(blocks, new double[] {0.2, 5.0 + h}, 1.5, k, false).logLik()
          - sum(blocks, new double[] {0.2, 5.0 - h}, 1.5, k, false).logLik()) / (2 * h);
      assertThat(gradient[1]).isCloseTo(numeric, within(1e-4 * (1 + Math.abs(numeric))));
      double numericS = (sum(blocks, beta, 1.5 + h, k, false).logLik() - sum(blocks, beta, 1.5 - h, k, false).logLik()) / (2 * h);
      assertThat(gradient[2]).isCloseTo(numericS, within(1e-4 * (1 + Math.abs(numericS))));
    }
  }

  @Test
  void extremeLinearPredictorsStayFinite() {
    double[] x = {1, 40, 1, -40, 1, 400, 1, -400};
    GroupBlock b = GroupBlock.binary("extreme", 2, x, new double[] {1, 0, 0, 1});
    GlmmLikelihoodSum s = sum(List.of(b), new double[] {0.1, 2}, 1.0, 7, true);
    assertThat(s.logLik()).isFinite();
    assertThat(java.util.Arrays.stream(s.gradient()).allMatch(Double::isFinite)).isTrue();
    assertThat(s.nonFiniteGroups()).isZero();
  }
}
