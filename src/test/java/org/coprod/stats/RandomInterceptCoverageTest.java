package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A small version of {@link RandomInterceptCoverage}: over 80 simulated datasets with known
 * β and σ, 95% intervals cover the truth at a near-nominal rate. With 80 fits the Monte Carlo
 * SE of a 0.95 rate is 0.024, so each rate must lie above 0.85 (4 SE) and the mean over the
 * four parameters within [0.89, 0.99]; an SE off by a factor 1.5 would put rates near 0.80.
 * The same holds for the sandwich over groups, which the model is correctly specified for.
 */
class RandomInterceptCoverageTest {

  @Test
  void intervalsCoverTheTruthAtNearNominalRate() {
    RandomInterceptCoverage.Coverage coverage = RandomInterceptCoverage.run(80, 60, 25, 1, 424242);
    assertThat(coverage.fits()).isGreaterThanOrEqualTo(76);
    double mean = 0;
    double robustMean = 0;
    for (int j = 0; j < coverage.covered().length; j++) {
      assertThat(coverage.rate(j)).as("parameter " + j).isGreaterThan(0.85);
      assertThat(coverage.robustRate(j)).as("parameter " + j + ", sandwich SE").isGreaterThan(0.85);
      mean += coverage.rate(j) / coverage.covered().length;
      robustMean += coverage.robustRate(j) / coverage.covered().length;
    }
    assertThat(mean).isBetween(0.89, 0.99);
    assertThat(robustMean).as("sandwich SEs").isBetween(0.89, 0.99);
  }
}
