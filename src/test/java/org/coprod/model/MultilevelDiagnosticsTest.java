package org.coprod.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.output.FactorEffectRow;
import org.coprod.output.ModelFitRow;
import org.coprod.spec.Method;
import org.coprod.spec.ModelSpec;
import org.coprod.spec.SpecException;
import org.coprod.stats.CovarianceType;
import org.coprod.stats.GroupBlock;
import org.coprod.stats.LocalGroupedLikelihood;
import org.coprod.stats.LocalLogitData;
import org.coprod.stats.PooledLogitFit;
import org.coprod.stats.PooledLogitFitter;
import org.coprod.stats.RandomInterceptFit;
import org.coprod.stats.RandomInterceptLogitFitter;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/**
 * On Spark, the diagnostics of a random-intercept model reach its model_fit row: groups of one
 * row, separation in the fixed part (a row with status separation and the separated term, no
 * estimates; the pooled model of the same data names the same term), and the singular-fit flag;
 * a failed model is still a row. And the sandwich over groups reaches factor_effects as
 * se_cluster, and the reported SE when asked for, with the numbers of the Spark-free fit.
 */
@SparkTest
class MultilevelDiagnosticsTest {

  private static final StructType SCHEMA =
      new StructType()
          .add("g", DataTypes.StringType, false)
          .add("y", DataTypes.IntegerType, false)
          .add("x", DataTypes.DoubleType, false)
          .add("d", DataTypes.DoubleType, false);

  /** 80 groups, every eighth of one row; y = 1 whenever d = 1, so d separates quasi-completely. */
  private static Dataset<Row> table(SparkSession spark) {
    SplittableRandom random = new SplittableRandom(21);
    List<Row> rows = new ArrayList<>();
    for (int g = 0; g < 80; g++) {
      int n = g % 8 == 0 ? 1 : 5 + random.nextInt(20);
      double b = 0.7 * (random.nextDouble() * 2 - 1);
      for (int i = 0; i < n; i++) {
        double x = random.nextDouble() * 4 - 2;
        double d = random.nextDouble() < 0.25 ? 1 : 0;
        boolean draw = random.nextDouble() < 1 / (1 + Math.exp(-(-0.2 + 0.6 * x + b)));
        rows.add(RowFactory.create("n" + g, d == 1 || draw ? 1 : 0, x, d));
      }
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** The table's rows with d = 0 as group blocks of (1, x), in the table's group order. */
  private static List<GroupBlock> blocksWithoutD(Dataset<Row> table) {
    Map<String, List<Row>> byGroup = new java.util.LinkedHashMap<>();
    table.filter("d = 0").collectAsList().forEach(row -> byGroup.computeIfAbsent(row.getString(0), key -> new ArrayList<>()).add(row));
    List<GroupBlock> blocks = new ArrayList<>();
    byGroup.forEach((group, rows) -> {
      double[] x = new double[2 * rows.size()];
      double[] y = new double[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        x[2 * i] = 1;
        x[2 * i + 1] = rows.get(i).getDouble(2);
        y[i] = rows.get(i).getInt(1);
      }
      blocks.add(GroupBlock.binary(group, 2, x, y));
    });
    return blocks;
  }

  private static ModelSpec spec(String id, String formula) {
    return new ModelSpec(id, formula, Method.AGQ, 5, null, null, CovarianceType.MODEL, Map.of());
  }

  @Test
  void separationIsARowWithTheSeparatedTermAndTheGroupCounts(SparkSession spark) {
    Dataset<Row> table = table(spark);
    ModelOutcome separated = ModelRunner.run("r1", spec("sep", "y ~ x + d + (1 | g)"), table, 1);
    ModelFitRow row = separated.fit();
    assertThat(row.status()).as(row.message()).isEqualTo("separation");
    assertThat(row.converged()).isFalse();
    assertThat(row.separatedTerms()).isEqualTo("d");
    assertThat(row.message()).contains("separation in the fixed part").contains("diverging terms: d");
    assertThat(row.nGroups()).isEqualTo(80L);
    assertThat(row.nSingletonGroups()).isEqualTo(10L);
    assertThat(row.nObs()).isEqualTo(table.count());
    assertThat(row.logLik()).isNull();
    assertThat(row.sigma()).isNull();
    assertThat(row.singularFit()).as("unknown when not fitted").isNull();
    assertThat(separated.effects()).isEmpty();
    assertThat(separated.varianceComponents()).isEmpty();
    // The row fits the table's schema.
    assertThat(spark.createDataFrame(List.of(row.toRow()), ModelFitRow.SCHEMA).first().<String>getAs("separated_terms")).isEqualTo("d");

    ModelFitRow pooled = ModelRunner.run("r1", new ModelSpec("glm", "y ~ x + d", Method.GLM, 1, null, null, CovarianceType.MODEL, Map.of()),
        table, 1).fit();
    assertThat(pooled.status()).isEqualTo("separation");
    assertThat(pooled.separatedTerms()).as("the pooled model names the same term").isEqualTo("d");
    assertThat(pooled.singularFit()).isNull();
    assertThat(pooled.nSingletonGroups()).isNull();

    ModelOutcome fine = ModelRunner.run("r1", spec("ok", "y ~ x + (1 | g)"), table.filter("d = 0"), 1);
    try {
      ModelFitRow fit = fine.fit();
      assertThat(fit.status()).as(fit.message()).isIn("converged", "singular_fit");
      assertThat(fit.singularFit()).isEqualTo(fit.status().equals("singular_fit"));
      assertThat(fit.separatedTerms()).isNull();
      assertThat(fit.nSingletonGroups()).as("groups whose one row has d = 0, plus groups left with one row")
          .isEqualTo(table.filter("d = 0").groupBy("g").count().filter("count = 1").count());
      assertThat(fit.gradientNorm()).isLessThan(1e-4);
    } finally {
      fine.release();
    }

    ModelFitRow failed = ModelRunner.run("r1", spec("bad", "y ~ missing_column + (1 | g)"), table, 1).fit();
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.nSingletonGroups()).isNull();
  }

  @Test
  void theSandwichOverGroupsIsSeClusterAndTheReportedSeWhenClusteringOnTheGroupingFactor(SparkSession spark) {
    Dataset<Row> table = table(spark).filter("d = 0");
    ModelSpec modelBased = spec("model", "y ~ x + (1 | g)");
    ModelSpec clustered = new ModelSpec("sandwich", "y ~ x + (1 | g)", Method.AGQ, 5, null, "g", CovarianceType.CLUSTER, Map.of());
    ModelOutcome a = ModelRunner.run("r2", modelBased, table, 1);
    ModelOutcome b = ModelRunner.run("r2", clustered, table, 1);
    try {
      assertThat(b.fit().seType()).isEqualTo("cluster");
      assertThat(a.fit().seType()).isEqualTo("hessian");
      // The same fit computed without Spark from the same rows.
      List<GroupBlock> blocks = blocksWithoutD(table(spark));
      List<LocalLogitData.Row> rows = new ArrayList<>();
      blocks.forEach(block -> {
        for (int i = 0; i < block.rows(); i++) {
          rows.add(new LocalLogitData.Row(new double[] {1, block.x(i, 1)}, block.successes()[i], 1, 1, null));
        }
      });
      PooledLogitFit pooled = PooledLogitFitter.fit(new LocalLogitData(rows, 2), 0, PooledLogitFitter.Options.defaults(2), j -> "c" + j);
      RandomInterceptFit local = new RandomInterceptLogitFitter(5, 100, RandomInterceptLogitFitter.Optimizer.BFGS)
          .fit(new LocalGroupedLikelihood(blocks), pooled);
      for (int j = 0; j < 2; j++) {
        FactorEffectRow model = a.effects().get(j);
        FactorEffectRow sandwich = b.effects().get(j);
        assertThat(model.stdError()).isEqualTo(model.seModel());
        assertThat(sandwich.stdError()).isEqualTo(sandwich.seCluster());
        assertThat(sandwich.seModel()).isCloseTo(model.seModel(), within(1e-9));
        assertThat(model.seCluster()).as("se_cluster is filled whatever is reported").isCloseTo(sandwich.seCluster(), within(1e-9));
        assertThat(sandwich.seCluster()).isCloseTo(local.robustStandardErrors()[j], within(1e-6 * local.robustStandardErrors()[j]));
        assertThat(model.seModel()).isCloseTo(local.standardErrors()[j], within(1e-6 * local.standardErrors()[j]));
      }
      assertThat(b.fit().sigmaSe()).isCloseTo(local.sigmaRobustStandardError(), within(1e-6));
      assertThat(b.varianceComponents().get(0).sdStdError()).isEqualTo(b.fit().sigmaSe());
      assertThat(a.fit().sigmaSe()).isCloseTo(local.sigmaStandardError(), within(1e-6));
    } finally {
      a.release();
      b.release();
    }
  }

  @Test
  void multilevelStandardErrorsAreModelBasedOrClusteredOnTheGroupingFactor() {
    assertThatThrownBy(() -> ModelRunner.validate(
        new ModelSpec("m", "y ~ x + (1 | g)", Method.LAPLACE, 1, null, null, CovarianceType.HC1, Map.of())))
        .isInstanceOf(SpecException.class)
        .hasMessage("model m: standard errors hc1 are for pooled models (multilevel: model or cluster)");
    assertThatThrownBy(() -> ModelRunner.validate(
        new ModelSpec("m", "y ~ x + (1 | g)", Method.LAPLACE, 1, null, "municipality", CovarianceType.CLUSTER, Map.of())))
        .isInstanceOf(SpecException.class)
        .hasMessage("model m: cluster-robust standard errors of a multilevel model are over its groups: cluster must be g (is municipality)");
    ModelRunner.validate(new ModelSpec("m", "y ~ x + (1 | g)", Method.LAPLACE, 1, "w", "g", CovarianceType.CLUSTER, Map.of()));
  }
}
