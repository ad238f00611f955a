package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics that model_fit carries for a random-intercept model, without Spark: groups of
 * one row, separation of the fixed part (judged by the pooled fit the model runner starts
 * from), and a singular fit.
 */
class RandomInterceptDiagnosticsTest {

  private static final List<String> NAMES = List.of("(Intercept)", "x", "d");

  /** How the response depends on the covariates. */
  private enum Response {
    /** A random-intercept logit in x and d: no separation. */
    MODEL,
    /** y = 1 whenever d = 1 (and random otherwise): quasi-complete separation by d alone. */
    QUASI_BY_D,
    /** y = 1 exactly when x &gt; 0: complete separation by x. */
    COMPLETE_BY_X
  }

  /** The same rows as group blocks (for the random-intercept fit) and as flat rows (for the pooled fit). */
  private record Data(List<GroupBlock> blocks, List<LocalLogitData.Row> rows, long singletons) {}

  private static Data data(Response response, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GroupBlock> blocks = new ArrayList<>();
    List<LocalLogitData.Row> rows = new ArrayList<>();
    long singletons = 0;
    for (int g = 0; g < 120; g++) {
      // One group in six has a single row, as small neighbourhoods have one respondent.
      int n = g % 6 == 0 ? 1 : 2 + random.nextInt(30);
      singletons += n == 1 ? 1 : 0;
      double b = 0.8 * GlmmTestData.gaussian(random);
      double[] x = new double[n * 3];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double xi = GlmmTestData.gaussian(random);
        double di = random.nextDouble() < 0.3 ? 1 : 0;
        double eta = -0.3 + 0.7 * xi + 0.5 * di + b;
        boolean draw = random.nextDouble() < 1 / (1 + Math.exp(-eta));
        y[i] = switch (response) {
          case MODEL -> draw ? 1 : 0;
          case QUASI_BY_D -> di == 1 || draw ? 1 : 0;
          case COMPLETE_BY_X -> xi > 0 ? 1 : 0;
        };
        x[3 * i] = 1;
        x[3 * i + 1] = xi;
        x[3 * i + 2] = di;
        rows.add(new LocalLogitData.Row(new double[] {1, xi, di}, y[i], 1, 1, null));
      }
      blocks.add(GroupBlock.binary("g" + g, 3, x, y));
    }
    return new Data(blocks, rows, singletons);
  }

  private static PooledLogitFit pooled(Data data) {
    return PooledLogitFitter.fit(new LocalLogitData(data.rows(), 3), 0, PooledLogitFitter.Options.defaults(3), NAMES::get);
  }

  private static RandomInterceptFit fit(Data data, PooledLogitFit pooled) {
    return new RandomInterceptLogitFitter(7, 100, RandomInterceptLogitFitter.Optimizer.BFGS)
        .fit(new LocalGroupedLikelihood(data.blocks()), pooled);
  }

  @Test
  void quasiCompleteSeparationByOneCovariateIsFlaggedOnThatTermAndTheDataAreStillCounted() {
    Data data = data(Response.QUASI_BY_D, 3);
    PooledLogitFit pooled = pooled(data);
    assertThat(pooled.status()).as(pooled.message()).isEqualTo(FitStatus.SEPARATION);
    assertThat(pooled.separatedColumns()).as("only d diverges; the d = 0 rows identify the rest").containsExactly(false, false, true);

    RandomInterceptFit fit = fit(data, pooled);
    assertThat(fit.status()).isEqualTo(FitStatus.SEPARATION);
    assertThat(fit.status().converged()).isFalse();
    assertThat(fit.separated()).containsExactly(false, false, true);
    assertThat(fit.message()).startsWith("separation in the fixed part").contains("diverging terms: d");
    assertThat(fit.fitted()).isFalse();
    assertThat(java.util.Arrays.stream(fit.beta()).allMatch(Double::isNaN)).isTrue();
    assertThat(fit.sigma()).isNaN();
    assertThat(fit.singular()).isFalse();
    assertThat(fit.groups()).isEqualTo(120);
    assertThat(fit.rows()).isEqualTo(data.rows().size());
    assertThat(fit.singletonGroups()).isEqualTo(data.singletons()).isEqualTo(20);
  }

  @Test
  void aPerfectlySeparatingCovariateIsFlagged() {
    Data data = data(Response.COMPLETE_BY_X, 5);
    PooledLogitFit pooled = pooled(data);
    RandomInterceptFit fit = fit(data, pooled);
    assertThat(fit.status()).isEqualTo(FitStatus.SEPARATION);
    assertThat(fit.separated()[1]).as("x separates").isTrue();
    assertThat(fit.message()).containsPattern("diverging terms: .*\\bx\\b");
    assertThat(fit.fitted()).isFalse();
  }

  @Test
  void withoutSeparationNothingIsFlaggedAndTheFitIsTheOneFromThePooledEstimates() {
    Data data = data(Response.MODEL, 7);
    PooledLogitFit pooled = pooled(data);
    assertThat(pooled.status()).isEqualTo(FitStatus.CONVERGED);
    assertThat(pooled.separatedColumns()).containsExactly(false, false, false);

    RandomInterceptFit fit = fit(data, pooled);
    assertThat(fit.status()).as(fit.message()).isEqualTo(FitStatus.CONVERGED);
    assertThat(fit.fitted()).isTrue();
    assertThat(fit.singular()).isFalse();
    assertThat(fit.separated()).containsExactly(false, false, false);
    assertThat(fit.singletonGroups()).isEqualTo(data.singletons());
    assertThat(fit.gradientNorm()).isLessThan(1e-4);
    RandomInterceptFit fromStart = new RandomInterceptLogitFitter(7, 100, RandomInterceptLogitFitter.Optimizer.BFGS)
        .fit(new LocalGroupedLikelihood(data.blocks()), pooled.coefficients());
    assertThat(fit.sigma()).isCloseTo(fromStart.sigma(), within(1e-9));
    assertThat(fit.beta()[2]).isCloseTo(fromStart.beta()[2], within(1e-9));
  }

  @Test
  void singletonGroupsAreCountedInEveryPassAndMergeAcrossPartialSums() {
    Data data = data(Response.MODEL, 11);
    List<GroupBlock> blocks = data.blocks();
    EvaluationPoint point = new EvaluationPoint(new double[] {-0.3, 0.7, 0.5}, Math.log(0.8), 3, false);
    GlmmLikelihoodSum first = GlmmLikelihoodSum.zero(point).add(blocks.subList(0, 50).toArray(GroupBlock[]::new));
    GlmmLikelihoodSum second = GlmmLikelihoodSum.zero(point).add(blocks.subList(50, blocks.size()).toArray(GroupBlock[]::new));
    long inFirst = blocks.subList(0, 50).stream().filter(b -> b.rows() == 1).count();
    assertThat(first.singletonGroups()).isEqualTo(inFirst);
    assertThat(first.merge(second).singletonGroups()).isEqualTo(data.singletons());
  }

  @Test
  void thePooledFitMustDescribeTheLikelihoodsColumns() {
    Data data = data(Response.MODEL, 13);
    List<LocalLogitData.Row> withCopy = data.rows().stream()
        .map(r -> new LocalLogitData.Row(new double[] {r.x()[0], r.x()[1], r.x()[2], 2 * r.x()[1]}, r.successes(), 1, 1, null))
        .toList();
    PooledLogitFit aliased = PooledLogitFitter.fit(new LocalLogitData(withCopy, 4), 0, PooledLogitFitter.Options.defaults(4),
        j -> j < 3 ? NAMES.get(j) : "x_copy");
    assertThat(aliased.aliased()).containsExactly(false, false, false, true);
    // The model runner drops the aliased column from the blocks; the kept three match.
    assertThat(fit(data, aliased).status()).isEqualTo(FitStatus.CONVERGED);
    PooledLogitFit pooled = pooled(data);
    List<GroupBlock> twoColumns = data.blocks().stream().map(b -> {
      double[] x = new double[b.rows() * 2];
      for (int i = 0; i < b.rows(); i++) {
        x[2 * i] = b.x(i, 0);
        x[2 * i + 1] = b.x(i, 1);
      }
      return GroupBlock.binary(b.groupId(), 2, x, b.successes());
    }).toList();
    assertThatThrownBy(() -> new RandomInterceptLogitFitter(1, 10).fit(new LocalGroupedLikelihood(twoColumns), pooled))
        .hasMessage("likelihood has 2 columns, the pooled fit keeps 3 of 3");
  }
}
