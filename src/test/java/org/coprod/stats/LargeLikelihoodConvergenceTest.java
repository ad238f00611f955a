package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Convergence where the log-likelihood is large: area-level binomial counts (a rare outcome out
 * of about 1,600 residents per area, about 110 areas in each of 300 authorities, two strongly
 * correlated area scores), the shape of the FixMyStreet model of issue 9. There the information
 * about the slopes is about 1e8 and |logLik| about 1e5, so the Newton decrement reaches the
 * rounding floor of the log-likelihood sum (|logLik| times a few 1e-16) before it reaches a fixed
 * 1e-11: the stop must scale with |logLik|, and a step that no longer changes the
 * log-likelihood is convergence, not a reason to iterate until the limit. The order of the
 * groups and rows changes only the rounding (as Spark's partitioning does), so every order must
 * converge, to the same estimates.
 */
class LargeLikelihoodConvergenceTest {

  private static final double[] TRUE_BETA = {-4.4, -0.6, 0.8};
  private static final double SIGMA = 0.75;

  private static final List<GroupBlock> AREAS = areas(20261128L);
  private static RandomInterceptFit inGivenOrder;

  private static synchronized RandomInterceptFit inGivenOrder() {
    if (inGivenOrder == null) {
      inGivenOrder = new RandomInterceptLogitFitter(1, 100).fit(new LocalGroupedLikelihood(AREAS));
    }
    return inGivenOrder;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6})
  void convergesWhateverTheOrderOfGroupsAndRows(long order) {
    List<GroupBlock> blocks = order == 1 ? AREAS : shuffled(AREAS, order);
    RandomInterceptFit fit = new RandomInterceptLogitFitter(1, 100).fit(new ReorderingLikelihood(blocks, order));
    assertThat(fit.status()).as(fit.message()).isEqualTo(FitStatus.CONVERGED);
    // Newton from the pooled fit needs about six steps here; a stall at the rounding floor
    // showed as a dozen or more further steps that did not move the iterate.
    assertThat(fit.iterations()).as(fit.message()).isLessThanOrEqualTo(10);
    assertThat(Math.abs(fit.logLik())).as("a large log-likelihood, as in the real model").isGreaterThan(1e5);
    RandomInterceptFit first = inGivenOrder();
    assertThat(first.status()).as(first.message()).isEqualTo(FitStatus.CONVERGED);
    for (int j = 0; j < TRUE_BETA.length; j++) {
      // Orders differ only in rounding: the estimates agree far inside their standard errors.
      assertThat(fit.beta()[j]).isCloseTo(first.beta()[j], within(1e-4 * fit.standardErrors()[j]));
      assertThat(fit.beta()[j]).as("beta %d near the truth", j)
          .isCloseTo(TRUE_BETA[j], within(5 * fit.standardErrors()[j] + 0.02));
    }
    assertThat(fit.sigma()).isCloseTo(SIGMA, within(0.15));
  }

  /**
   * Sums the groups in a new order at every evaluation, as Spark's final merge of partition
   * results follows task completion: the same point gives log-likelihoods that differ in the
   * last bits, which is the noise the optimiser's stopping rules must tolerate.
   */
  private static final class ReorderingLikelihood implements GroupedLikelihood {
    private final List<GroupBlock> blocks;
    private final Random random;

    ReorderingLikelihood(List<GroupBlock> blocks, long seed) {
      this.blocks = new ArrayList<>(blocks);
      this.random = new Random(seed);
    }

    @Override
    public GlmmLikelihoodSum evaluate(double[] beta, double logSigma, int nAGQ, boolean withHessian) {
      Collections.shuffle(blocks, random);
      return new LocalGroupedLikelihood(blocks).evaluate(beta, logSigma, nAGQ, withHessian);
    }

    @Override
    public int columns() {
      return blocks.get(0).columns();
    }
  }

  /** 300 authorities of 80 to 140 areas; two area scores correlated about 0.95. */
  static List<GroupBlock> areas(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    RandomGenerator rng = new Well19937c(seed);
    List<GroupBlock> blocks = new ArrayList<>();
    for (int g = 0; g < 300; g++) {
      double b = SIGMA * GlmmTestData.gaussian(random);
      int n = 80 + random.nextInt(61);
      double[] x = new double[n * 3];
      double[] s = new double[n];
      double[] t = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        double income = 0.1 + 0.08 * Math.abs(GlmmTestData.gaussian(random));
        double employment = 0.9 * income + 0.02 * GlmmTestData.gaussian(random);
        x[3 * i] = 1;
        x[3 * i + 1] = income;
        x[3 * i + 2] = employment;
        double eta = TRUE_BETA[0] + TRUE_BETA[1] * income + TRUE_BETA[2] * employment + b;
        t[i] = 10000 + random.nextInt(12000);
        s[i] = new BinomialDistribution(rng, (int) t[i], 1 / (1 + Math.exp(-eta))).sample();
        w[i] = 1;
      }
      blocks.add(new GroupBlock("la" + g, n, 3, x, s, t, w));
    }
    return blocks;
  }

  /** The same groups in another order, each with its rows in another order. */
  private static List<GroupBlock> shuffled(List<GroupBlock> blocks, long seed) {
    Random random = new Random(seed);
    List<GroupBlock> out = new ArrayList<>();
    for (GroupBlock block : blocks) {
      out.add(GlmmTestData.permuteRows(block, random, block.groupId()));
    }
    Collections.shuffle(out, random);
    return out;
  }
}
