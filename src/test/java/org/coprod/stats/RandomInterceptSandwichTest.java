package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sandwich over groups of the random-intercept fit (pseudo-likelihood standard errors):
 * its meat is the sum of the groups' score outer products; under a correctly specified model
 * it agrees with the Hessian's standard errors; under a misspecified one (an omitted random
 * slope) it follows the estimates' actual spread, which the Hessian understates.
 */
class RandomInterceptSandwichTest {

  private static final double[] BETA = {-0.3, 0.8, -0.5};

  @Test
  void meatIsTheSumOfEachGroupsScoreOuterProduct() {
    List<GroupBlock> blocks = GlmmTestData.simulate(40, 25, BETA, 0.9, 3, true, 3);
    EvaluationPoint point = new EvaluationPoint(new double[] {-0.2, 0.7, -0.4}, Math.log(0.8), 5, true);
    GlmmLikelihoodSum all = GlmmLikelihoodSum.zero(point).add(blocks.toArray(GroupBlock[]::new));
    int d = 4;
    double[] expected = new double[d * d];
    for (GroupBlock block : blocks) {
      double[] g = GlmmLikelihoodSum.zero(point).add(block).gradient();
      for (int i = 0; i < d; i++) {
        for (int j = 0; j < d; j++) {
          expected[i * d + j] += g[i] * g[j];
        }
      }
    }
    double[] meat = all.scoreOuterProducts();
    for (int i = 0; i < d * d; i++) {
      assertThat(meat[i]).isCloseTo(expected[i], within(1e-9 * (1 + Math.abs(expected[i]))));
    }
    assertThat(GlmmLikelihoodSum.zero(new EvaluationPoint(BETA, 0, 1, false)).scoreOuterProducts()).isNull();
  }

  @Test
  void underACorrectlySpecifiedModelWithUnitWeightsTheSandwichAgreesWithTheHessian() {
    // 1,000 groups: the sandwich's own sampling error is then a few per cent of the SE.
    List<GroupBlock> blocks = GlmmTestData.simulate(1000, 30, BETA, 0.9, 29, false, 1);
    RandomInterceptFit fit = new RandomInterceptLogitFitter(7, 100, RandomInterceptLogitFitter.Optimizer.BFGS)
        .fit(new LocalGroupedLikelihood(blocks));
    assertThat(fit.status()).as(fit.message()).isEqualTo(FitStatus.CONVERGED);
    double[] model = fit.standardErrors();
    double[] robust = fit.robustStandardErrors();
    System.out.printf("sandwich / Hessian SE, correct model: beta %s, sigma %.3f%n",
        java.util.Arrays.toString(java.util.stream.IntStream.range(0, BETA.length).mapToDouble(j -> robust[j] / model[j]).toArray()),
        fit.sigmaRobustStandardError() / fit.sigmaStandardError());
    for (int j = 0; j < BETA.length; j++) {
      assertThat(robust[j] / model[j]).as("beta %d: robust %s model %s", j, robust[j], model[j]).isCloseTo(1, within(0.1));
    }
    assertThat(fit.sigmaRobustStandardError() / fit.sigmaStandardError()).as("sigma").isCloseTo(1, within(0.15));
    int d = BETA.length + 1;
    double[] covariance = fit.robustCovariance();
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        assertThat(covariance[i * d + j]).isCloseTo(covariance[j * d + i], within(1e-12));
      }
    }
  }

  @Test
  void withAnOmittedRandomSlopeTheSandwichFollowsTheEstimatesSpreadAndTheHessianDoesNot() {
    // y ~ x + (1 + x | g) fitted as y ~ x + (1 | g): the slope varies by group (SD 0.8), which
    // the random-intercept model's Hessian ignores and the sandwich over groups does not.
    int datasets = 60;
    double[] slope = new double[datasets];
    double[] modelSe = new double[datasets];
    double[] robustSe = new double[datasets];
    SplittableRandom random = new SplittableRandom(41);
    for (int r = 0; r < datasets; r++) {
      RandomInterceptFit fit = new RandomInterceptLogitFitter(1, 100, RandomInterceptLogitFitter.Optimizer.BFGS)
          .fit(new LocalGroupedLikelihood(randomSlopeData(random, 60, 25)));
      assertThat(fit.status()).as(fit.message()).isIn(FitStatus.CONVERGED, FitStatus.SINGULAR_FIT);
      slope[r] = fit.beta()[1];
      modelSe[r] = fit.standardErrors()[1];
      robustSe[r] = fit.robustStandardErrors()[1];
    }
    double spread = standardDeviation(slope);
    double meanModel = mean(modelSe);
    double meanRobust = mean(robustSe);
    System.out.printf("omitted random slope: spread of the slope %.4f, mean sandwich SE %.4f, mean Hessian SE %.4f%n",
        spread, meanRobust, meanModel);
    // The spread over 60 datasets is itself uncertain by about 1 / sqrt(2 * 59) = 9%.
    assertThat(meanRobust / spread).as("sandwich %s vs spread %s", meanRobust, spread).isBetween(0.75, 1.25);
    assertThat(meanModel / spread).as("Hessian %s vs spread %s", meanModel, spread).isLessThan(0.75);
  }

  private static List<GroupBlock> randomSlopeData(SplittableRandom random, int groups, int rows) {
    List<GroupBlock> blocks = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      double intercept = -0.2 + 0.6 * GlmmTestData.gaussian(random);
      double slope = 0.5 + 0.8 * GlmmTestData.gaussian(random);
      double[] x = new double[rows * 2];
      double[] y = new double[rows];
      for (int i = 0; i < rows; i++) {
        double xi = GlmmTestData.gaussian(random);
        x[2 * i] = 1;
        x[2 * i + 1] = xi;
        y[i] = random.nextDouble() < 1 / (1 + Math.exp(-(intercept + slope * xi))) ? 1 : 0;
      }
      blocks.add(GroupBlock.binary("g" + g, 2, x, y));
    }
    return blocks;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double standardDeviation(double[] values) {
    double mean = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (values.length - 1));
  }
}
