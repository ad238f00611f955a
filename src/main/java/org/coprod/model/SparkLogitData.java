package org.coprod.model;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.coprod.stats.BinomialLogit;
import org.coprod.stats.ClusterScores;
import org.coprod.stats.LogitDataPass;
import org.coprod.stats.LogitStatistics;
import scala.Tuple2;
import scala.Tuple3;

/**
 * {@link LogitDataPass} on Spark: the design rows ({@code y, trials, weight, x[, cluster]},
 * the {@link DesignMatrix} column contract) are packed once into {@link LogitRow}s and
 * cached; each evaluation is one treeAggregate of mergeable {@link LogitStatistics}, so the
 * driver holds only p×p sums. Call {@link #release()} when the fit is done.
 */
public final class SparkLogitData implements LogitDataPass, AutoCloseable {

  private final JavaRDD<LogitRow> rows;
  private final int columns;
  private final boolean hasCluster;
  private final int treeDepth;

  public SparkLogitData(Dataset<Row> design, int columns) {
    this.columns = columns;
    this.hasCluster = List.of(design.columns()).contains("cluster");
    boolean cluster = hasCluster;
    this.rows =
        design
            .toJavaRDD()
            .map(
                row -> {
                  List<Double> values = row.getList(row.fieldIndex("x"));
                  double[] x = new double[values.size()];
                  for (int j = 0; j < x.length; j++) {
                    x[j] = values.get(j);
                  }
                  return new LogitRow(
                      x,
                      row.getDouble(row.fieldIndex("y")),
                      row.getDouble(row.fieldIndex("trials")),
                      row.getDouble(row.fieldIndex("weight")),
                      cluster ? row.getString(row.fieldIndex("cluster")) : null);
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    this.rows.setName("logit design rows");
    this.treeDepth = rows.getNumPartitions() > 64 ? 3 : 2;
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public LogitStatistics evaluate(double[] beta, LogitStatistics.Request request) {
    int p = columns;
    Function2<LogitStatistics, LogitRow, LogitStatistics> add = (sum, row) -> sum.add(row.x(), row.successes(), row.trials(), row.weight(), beta);
    Function2<LogitStatistics, LogitStatistics, LogitStatistics> merge = LogitStatistics::merge;
    return rows.treeAggregate(LogitStatistics.empty(p, request), add, merge, treeDepth);
  }

  @Override
  public ClusterMeat clusterMeat(double[] beta) {
    if (!hasCluster) {
      return null;
    }
    int p = columns;
    JavaRDD<double[]> clusterScores =
        rows.mapToPair(
                row -> {
                  double[] score = new double[p];
                  ClusterScores.addScore(score, row.x(), row.successes(), row.trials(), row.weight(), beta);
                  return new Tuple2<>(row.cluster(), score);
                })
            .reduceByKey(
                (a, b) -> {
                  double[] sum = a.clone();
                  for (int j = 0; j < sum.length; j++) {
                    sum[j] += b[j];
                  }
                  return sum;
                })
            .values();
    Tuple2<double[], Long> meatAndCount =
        clusterScores.treeAggregate(
            new Tuple2<>(new double[p * p], 0L),
            (acc, score) -> {
              ClusterScores.addOuter(acc._1(), score);
              return new Tuple2<>(acc._1(), acc._2() + 1);
            },
            (a, b) -> {
              double[] sum = a._1();
              for (int i = 0; i < sum.length; i++) {
                sum[i] += b._1()[i];
              }
              return new Tuple2<>(sum, a._2() + b._2());
            },
            treeDepth);
    return new ClusterMeat(meatAndCount._1(), meatAndCount._2());
  }

  /**
   * Area under the ROC curve of the fitted probabilities, each row counting w·s positives
   * and w·(m − s) negatives; exact (MLlib's BinaryClassificationMetrics without binning,
   * whose trapezoids give tied scores half credit, as Mann–Whitney).
   */
  public double areaUnderRoc(double[] beta) {
    JavaRDD<Tuple3<Object, Object, Object>> scored =
        rows.flatMap(
            row -> {
              double eta = 0;
              for (int j = 0; j < row.x().length; j++) {
                if (beta[j] == beta[j]) { // aliased coefficients are NaN and count as 0
                  eta += row.x()[j] * beta[j];
                }
              }
              double mu = BinomialLogit.mean(eta);
              return List.<Tuple3<Object, Object, Object>>of(
                      new Tuple3<>(mu, 1.0, row.weight() * row.successes()),
                      new Tuple3<>(mu, 0.0, row.weight() * (row.trials() - row.successes())))
                  .iterator();
            });
    BinaryClassificationMetrics metrics = new BinaryClassificationMetrics(scored.filter(t -> (double) t._3() > 0).rdd(), 0);
    try {
      return metrics.areaUnderROC();
    } finally {
      metrics.unpersist();
    }
  }

  public void release() {
    rows.unpersist(false);
  }

  @Override
  public void close() {
    release();
  }
}
