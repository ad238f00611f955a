package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Separation, collinearity and non-convergence are statuses with messages, never exceptions. */
class PooledLogitProblemsTest {

  private static final List<String> NAMES = List.of("(Intercept)", "x", "z", "z_copy");

  private static PooledLogitFit fit(List<LocalLogitData.Row> rows, int columns, int maxIterations) {
    PooledLogitFitter.Options options = new PooledLogitFitter.Options(maxIterations, 1e-12, CovarianceType.MODEL, AverageMarginalEffects.Plan.none(columns));
    return PooledLogitFitter.fit(new LocalLogitData(rows, columns), 0, options, NAMES::get);
  }

  private static List<LocalLogitData.Row> data(boolean separated, boolean duplicateColumn) {
    SplittableRandom random = new SplittableRandom(3);
    List<LocalLogitData.Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      double x = random.nextDouble() * 4 - 2;
      double z = random.nextDouble();
      double y = separated ? (x > 0 ? 1 : 0) : (random.nextDouble() < 1 / (1 + Math.exp(-(0.3 + 0.8 * x - 0.5 * z))) ? 1 : 0);
      double[] row = duplicateColumn ? new double[] {1, x, z, 2 * z} : new double[] {1, x, z};
      rows.add(new LocalLogitData.Row(row, y, 1, 1, null));
    }
    return rows;
  }

  @Test
  void completeSeparationNamesTheDivergingTerm() {
    PooledLogitFit fit = fit(data(true, false), 3, 50);
    assertThat(fit.status()).isEqualTo(FitStatus.SEPARATION);
    // Along the separating direction the other coefficients diverge too; x must be among them.
    assertThat(fit.message()).startsWith("complete or quasi-complete separation: 400 rows with fitted probability 0 or 1")
        .containsPattern("diverging terms: .*\\bx\\b");
  }

  @Test
  void collinearColumnIsAliasedAsRDoesAndTheRestIsEstimated() {
    PooledLogitFit fit = fit(data(false, true), 4, 50);
    assertThat(fit.status()).isEqualTo(FitStatus.CONVERGED_WITH_ALIASED_TERMS);
    assertThat(fit.message()).contains("aliased (collinear or constant) terms dropped as NA: z_copy");
    assertThat(fit.aliased()).containsExactly(false, false, false, true);
    assertThat(fit.coefficients()[3]).isNaN();
    assertThat(fit.standardErrors()[3]).isNaN();
    // The kept columns give the same fit as the design without the copy.
    PooledLogitFit reduced = fit(data(false, false), 3, 50);
    for (int j = 0; j < 3; j++) {
      assertThat(fit.coefficients()[j]).isCloseTo(reduced.coefficients()[j], org.assertj.core.data.Offset.offset(1e-9));
    }
    assertThat(fit.rank()).isEqualTo(3);
  }

  @Test
  void iterationLimitIsReported() {
    PooledLogitFit fit = fit(data(false, false), 3, 1);
    assertThat(fit.status()).isEqualTo(FitStatus.MAX_ITERATIONS);
    assertThat(fit.message()).isEqualTo("did not converge in 1 iterations");
    assertThat(fit.status().converged()).isFalse();
  }

  @Test
  void noUsableRowsIsNoData() {
    List<LocalLogitData.Row> rows = List.of(new LocalLogitData.Row(new double[] {1, 0.5, 0.1}, 1, 1, 0, null));
    PooledLogitFit fit = fit(rows, 3, 50);
    assertThat(fit.status()).isEqualTo(FitStatus.NO_DATA);
  }
}
