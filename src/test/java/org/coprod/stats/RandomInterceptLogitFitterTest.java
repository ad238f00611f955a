package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomInterceptLogitFitterTest {

  private static final double[] BETA = {-0.3, 0.8, -0.5};

  @Test
  void recoversSimulatedParametersAndReportsAConsistentResult() {
    List<GroupBlock> blocks = GlmmTestData.simulate(400, 60, BETA, 0.9, 17, false, 1);
    RandomInterceptFit fit = new RandomInterceptLogitFitter(7, 50).fit(new LocalGroupedLikelihood(blocks));
    assertThat(fit.status()).as(fit.message()).isEqualTo(FitStatus.CONVERGED);
    double[] se = fit.standardErrors();
    for (int j = 0; j < BETA.length; j++) {
      assertThat(fit.beta()[j]).isCloseTo(BETA[j], within(4 * se[j]));
    }
    assertThat(fit.sigma()).isCloseTo(0.9, within(4 * fit.sigmaStandardError()));
    assertThat(fit.logSigma()).isCloseTo(Math.log(fit.sigma()), within(1e-15));
    assertThat(fit.deviance()).isCloseTo(-2 * fit.logLik(), within(1e-9));
    assertThat(fit.gradientNorm()).isLessThan(1e-4);
    assertThat(fit.groups()).isEqualTo(400);
    int d = BETA.length + 1;
    double[] cov = fit.covariance();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertThat(cov[i * d + j]).isCloseTo(cov[j * d + i], within(1e-9));
      }
    }
    // The optimum does not move when the fitter is started from it.
    RandomInterceptFit again = new RandomInterceptLogitFitter(7, 50).fit(new LocalGroupedLikelihood(blocks), fit.beta());
    assertThat(again.beta()[1]).isCloseTo(fit.beta()[1], within(1e-7));
    assertThat(again.sigma()).isCloseTo(fit.sigma(), within(1e-7));
  }

  @Test
  void sigmaStandardErrorIsTheDeltaMethodFromLogSigma() {
    List<GroupBlock> blocks = GlmmTestData.simulate(150, 30, BETA, 1.2, 5, true, 3);
    LocalGroupedLikelihood likelihood = new LocalGroupedLikelihood(blocks);
    RandomInterceptFit fit = new RandomInterceptLogitFitter(1, 50).fit(likelihood);
    assertThat(fit.status()).isEqualTo(FitStatus.CONVERGED);
    GlmmLikelihoodSum at = likelihood.evaluate(fit.beta(), fit.logSigma(), 1, true);
    int d = BETA.length + 1;
    double[] negative = at.hessian();
    for (int i = 0; i < negative.length; i++) {
      negative[i] = -negative[i];
    }
    double[] inverse = SymmetricSolver.factor(symmetrise(negative, d), d).inverse();
    double seLogSigma = Math.sqrt(inverse[d * d - 1]);
    assertThat(fit.sigmaStandardError()).isCloseTo(fit.sigma() * seLogSigma, within(1e-6 * fit.sigmaStandardError()));
  }

  private static double[] symmetrise(double[] a, int d) {
    double[] s = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        s[i * d + j] = 0.5 * (a[i * d + j] + a[j * d + i]);
      }
    }
    return s;
  }

  @Test
  void iterationLimitIsAStatusNotAnException() {
    List<GroupBlock> blocks = GlmmTestData.simulate(50, 20, BETA, 1, 9, false, 1);
    RandomInterceptFit fit = new RandomInterceptLogitFitter(1, 1).fit(new LocalGroupedLikelihood(blocks));
    assertThat(fit.status()).isEqualTo(FitStatus.MAX_ITERATIONS);
    assertThat(fit.message()).contains("no convergence");
    assertThat(fit.beta()).hasSize(3);
  }

  @Test
  void completeSeparationIsReportedNotThrown() {
    // y = 1 exactly when x > 0: the pooled MLE does not exist.
    List<GroupBlock> blocks = new ArrayList<>();
    for (int g = 0; g < 10; g++) {
      double[] x = new double[20];
      double[] y = new double[10];
      for (int i = 0; i < 10; i++) {
        double v = (i - 4.5) + 0.1 * g;
        x[2 * i] = 1;
        x[2 * i + 1] = v;
        y[i] = v > 0 ? 1 : 0;
      }
      blocks.add(GroupBlock.binary("g" + g, 2, x, y));
    }
    RandomInterceptFit fit = new RandomInterceptLogitFitter(1, 30).fit(new LocalGroupedLikelihood(blocks));
    assertThat(fit.status()).isNotEqualTo(FitStatus.CONVERGED);
    assertThat(fit.status().isOptimum()).isFalse();
    assertThat(fit.message()).isNotBlank();
  }

  @Test
  void zeroWeightRowsDoNotCount() {
    List<GroupBlock> blocks = GlmmTestData.simulate(60, 20, BETA, 0.8, 13, false, 1);
    List<GroupBlock> padded = new ArrayList<>();
    for (GroupBlock b : blocks) {
      int n = b.rows();
      int p = b.columns();
      double[] x = new double[(n + 1) * p];
      System.arraycopy(b.x(), 0, x, 0, n * p);
      x[n * p] = 1;
      x[n * p + 1] = 9; // an outlier that would matter with any positive weight
      double[] s = java.util.Arrays.copyOf(b.successes(), n + 1);
      double[] t = java.util.Arrays.copyOf(b.trials(), n + 1);
      double[] w = java.util.Arrays.copyOf(b.weights(), n + 1);
      t[n] = 1;
      w[n] = 0;
      padded.add(new GroupBlock(b.groupId(), n + 1, p, x, s, t, w));
    }
    RandomInterceptFit a = new RandomInterceptLogitFitter(5, 50).fit(new LocalGroupedLikelihood(blocks));
    RandomInterceptFit b = new RandomInterceptLogitFitter(5, 50).fit(new LocalGroupedLikelihood(padded));
    assertThat(b.beta()[1]).isCloseTo(a.beta()[1], within(1e-7));
    assertThat(b.logLik()).isCloseTo(a.logLik(), within(1e-8));
  }

  @Test
  void conditionalModesMatchLaplaceModeAndShrinkTowardZero() {
    List<GroupBlock> blocks = GlmmTestData.simulate(20, 15, BETA, 1, 3, false, 1);
    for (GroupBlock block : blocks) {
      ConditionalMode mode = ConditionalMode.of(block, BETA, 1.0);
      ConditionalMode none = ConditionalMode.of(block, BETA, 0.0);
      assertThat(none.mode()).isZero();
      assertThat(none.conditionalSd()).isZero();
      assertThat(mode.conditionalSd()).isBetween(0.0, 1.0);
      assertThat(mode.groupId()).isEqualTo(block.groupId());
      // Score equation at the mode: sum w (s - t p) = b / sigma^2 (sigma = 1).
      double score = 0;
      for (int i = 0; i < block.rows(); i++) {
        double eta = mode.mode();
        for (int j = 0; j < block.columns(); j++) {
          eta += block.x(i, j) * BETA[j];
        }
        score += block.weights()[i] * (block.successes()[i] - block.trials()[i] / (1 + Math.exp(-eta)));
      }
      assertThat(score).isCloseTo(mode.mode(), within(1e-10));
    }
  }

  @Test
  void intraclassCorrelationAndMedianOddsRatio() {
    // R: sigma <- 0.642261385924 (cbpp Laplace); sigma^2 / (sigma^2 + pi^2 / 3) = 0.1114...;
    // exp(sqrt(2) * sigma * qnorm(0.75)) = 1.8462...
    RandomInterceptFit fit = new RandomInterceptFit(new double[] {0}, 0.642261385924, Math.log(0.642261385924),
        new double[4], new double[4], 0, 0, 1, 0, 0, 0, FitStatus.CONVERGED, "", 1, 1, 0, new boolean[1]);
    double v = 0.642261385924 * 0.642261385924;
    assertThat(fit.intraclassCorrelation()).isCloseTo(v / (v + Math.PI * Math.PI / 3), within(1e-15));
    assertThat(fit.medianOddsRatio())
        .isCloseTo(Math.exp(Math.sqrt(2) * 0.642261385924 * new org.apache.commons.math3.distribution.NormalDistribution()
            .inverseCumulativeProbability(0.75)), within(1e-12));
  }

  @Test
  void rejectsConfigurationErrorsAtConstruction() {
    assertThatThrownBy(() -> new RandomInterceptLogitFitter(0, 10)).hasMessage("invalid nAGQ: 0 (must be 1..25)");
    assertThatThrownBy(() -> new RandomInterceptLogitFitter(1, 0)).hasMessageContaining("invalid maxIterations: 0");
  }

  @Test
  void groupBlockValidatesItsArguments() {
    double[] x = {1, 0.5, 1, -0.5};
    assertThatThrownBy(() -> new GroupBlock("g", 2, 2, x, new double[] {1, 2}, new double[] {1, 1}, new double[] {1, 1}))
        .hasMessageContaining("invalid successes 2.0");
    assertThatThrownBy(() -> new GroupBlock("g", 2, 2, x, new double[] {1, 0}, new double[] {1, 0}, new double[] {1, 1}))
        .hasMessageContaining("invalid trials 0.0");
    assertThatThrownBy(() -> new GroupBlock("g", 2, 2, x, new double[] {1, 0}, new double[] {1, 1}, new double[] {1, -1}))
        .hasMessageContaining("invalid weight -1.0");
    assertThatThrownBy(() -> new GroupBlock("g", 2, 3, x, new double[] {1, 0}, new double[] {1, 1}, new double[] {1, 1}))
        .hasMessageContaining("expected rows*columns = 6");
    assertThatThrownBy(() -> new GroupBlock("g", 2, 2, new double[] {1, Double.NaN, 1, 0}, new double[] {1, 0},
            new double[] {1, 1}, new double[] {1, 1}))
        .hasMessageContaining("non-finite design value");
    assertThatThrownBy(() -> new EvaluationPoint(new double[] {0, 1}, Double.NaN, 1, false)).hasMessageContaining("invalid logSigma");
  }
}
