package org.coprod.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.stats.CovarianceType;
import org.coprod.stats.FitStatus;
import org.coprod.stats.GoldenCsv;
import org.coprod.stats.PooledLogitFit;
import org.coprod.stats.PooledLogitFitter;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The distributed pass gives R's glm answers (same golden files as the local fitter) and R's AUC. */
@SparkTest
class SparkLogitDataTest {

  static final StructType DESIGN =
      new StructType()
          .add("y", DataTypes.DoubleType, false)
          .add("trials", DataTypes.DoubleType, false)
          .add("weight", DataTypes.DoubleType, false)
          .add("x", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
          .add("cluster", DataTypes.StringType, false);

  static Dataset<Row> designFrame(SparkSession spark, String name, List<String> termsOut) {
    GoldenCsv design = GoldenCsv.read(GoldenCsv.golden("glm_pooled", "design_" + name + ".csv"));
    List<String> terms = design.header().subList(4, design.header().size());
    termsOut.addAll(terms);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < design.size(); i++) {
      List<Double> x = new ArrayList<>();
      for (String term : terms) {
        x.add(design.number(i, term));
      }
      rows.add(RowFactory.create(design.number(i, "y"), design.number(i, "trials"), design.number(i, "weight"), x.toArray(new Double[0]), design.text(i, "cluster")));
    }
    return spark.createDataFrame(rows, DESIGN).repartition(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"weighted", "counts"})
  void distributedFitMatchesR(String name, SparkSession spark) {
    List<String> terms = new ArrayList<>();
    Dataset<Row> design = designFrame(spark, name, terms);
    GoldenCsv expected = GoldenCsv.read(GoldenCsv.golden("glm_pooled", "expected_" + name + ".csv"));
    GoldenCsv r = GoldenCsv.read(GoldenCsv.golden("glm_pooled", "fit_" + name + ".csv"));
    try (SparkLogitData data = new SparkLogitData(design, terms.size())) {
      PooledLogitFit fit = PooledLogitFitter.fit(data, 0, PooledLogitFitter.Options.defaults(terms.size()), terms::get);
      assertThat(fit.status()).isEqualTo(FitStatus.CONVERGED);
      double[] cluster = fit.standardErrors(CovarianceType.CLUSTER);
      for (int j = 0; j < terms.size(); j++) {
        assertThat(fit.coefficients()[j]).as(terms.get(j)).isCloseTo(expected.number(j, "estimate"), within(1e-6));
        assertThat(cluster[j] / expected.number(j, "se_cluster")).as(terms.get(j)).isCloseTo(1.0, within(1e-5));
      }
      assertThat(fit.logLikelihood()).isCloseTo(r.number(0, "loglik"), within(1e-6));
      assertThat(fit.clusters()).isEqualTo(30);
      assertThat(data.areaUnderRoc(fit.coefficients())).isCloseTo(r.number(0, "auc"), within(1e-9));
    }
  }
}
