package org.coprod.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.coprod.model.SparkLogitData;
import org.coprod.stats.PooledLogitFit;
import org.coprod.stats.PooledLogitFitter;

/**
 * Benchmark (issue 6): coprod's pooled logit (Newton/IRLS, one treeAggregate per iteration,
 * then SEs, HC meat and AMEs) against Spark MLlib's LogisticRegression (L-BFGS, no
 * regularisation, no SEs) on the same cached design of ~20 columns, in the same run.
 *
 * <pre>
 * jobs/bench pooled 1000000 10000000
 * </pre>
 */
public final class PooledLogitBench {

  static final int COLUMNS = 20;
  static final int REPEATS = 3;

  public static void main(String[] args) {
    SparkSession spark = BenchSupport.session("pooled-logit-bench");
    System.out.println("machine: " + BenchSupport.machine());
    for (String arg : args.length == 0 ? new String[] {"1000000"} : args) {
      run(spark, Long.parseLong(arg));
    }
    spark.stop();
  }

  static void run(SparkSession spark, long rows) {
    Dataset<Row> design = design(spark, rows).persist(StorageLevel.MEMORY_AND_DISK());
    long count = design.count();
    Dataset<Row> mllibInput =
        new VectorAssembler().setInputCols(featureNames()).setOutputCol("features").transform(design)
            .select("features", "y").persist(StorageLevel.MEMORY_AND_DISK());
    mllibInput.count();

    double[] coprodSeconds = new double[REPEATS];
    double[] mllibSeconds = new double[REPEATS];
    PooledLogitFit fit = null;
    LogisticRegressionModel model = null;
    for (int r = 0; r < REPEATS; r++) {
      // Alternate the order so that neither side always runs on a warmer JVM.
      if (r % 2 == 0) {
        long start = System.nanoTime();
        fit = fitCoprod(design);
        coprodSeconds[r] = BenchSupport.seconds(start);
        start = System.nanoTime();
        model = fitMllib(mllibInput);
        mllibSeconds[r] = BenchSupport.seconds(start);
      } else {
        long start = System.nanoTime();
        model = fitMllib(mllibInput);
        mllibSeconds[r] = BenchSupport.seconds(start);
        start = System.nanoTime();
        fit = fitCoprod(design);
        coprodSeconds[r] = BenchSupport.seconds(start);
      }
    }
    double maxDifference = Math.abs(fit.coefficients()[0] - model.intercept());
    for (int j = 1; j <= COLUMNS; j++) {
      maxDifference = Math.max(maxDifference, Math.abs(fit.coefficients()[j] - model.coefficients().apply(j - 1)));
    }
    double coprod = BenchSupport.median(coprodSeconds);
    double mllib = BenchSupport.median(mllibSeconds);
    System.out.printf(Locale.ROOT,
        "pooled logit, %d rows x %d columns (+ intercept), local[2], median of %d: coprod %.2f s (%d IRLS iterations, with SEs, HC meat, AMEs), "
            + "MLlib LogisticRegression %.2f s (%d L-BFGS iterations, no SEs); ratio coprod/MLlib %.2f; max |beta difference| %.2e; runs coprod %s, MLlib %s%n",
        count, COLUMNS, REPEATS, coprod, fit.iterations(), mllib, model.summary().totalIterations(), coprod / mllib, maxDifference,
        java.util.Arrays.toString(coprodSeconds), java.util.Arrays.toString(mllibSeconds));
    design.unpersist();
    mllibInput.unpersist();
  }

  static PooledLogitFit fitCoprod(Dataset<Row> design) {
    try (SparkLogitData data = new SparkLogitData(design.select("y", "trials", "weight", "x"), COLUMNS + 1)) {
      return PooledLogitFitter.fit(data, 0, PooledLogitFitter.Options.defaults(COLUMNS + 1), j -> "x" + j);
    }
  }

  static LogisticRegressionModel fitMllib(Dataset<Row> input) {
    return new LogisticRegression().setRegParam(0).setElasticNetParam(0).setStandardization(false).setMaxIter(200).setTol(1e-10)
        .setLabelCol("y").setFeaturesCol("features").fit(input);
  }

  static String[] featureNames() {
    String[] names = new String[COLUMNS];
    for (int j = 0; j < COLUMNS; j++) {
      names[j] = "f" + j;
    }
    return names;
  }

  /** Half continuous, half 0/1 features; true coefficients ±0.1..0.5. Deterministic (seeded). */
  static Dataset<Row> design(SparkSession spark, long rows) {
    Dataset<Row> frame = spark.range(0, rows, 1, Math.max(4, (int) (rows / 250_000))).toDF();
    Column eta = lit(-0.5);
    List<Column> x = new ArrayList<>();
    x.add(lit(1.0));
    for (int j = 0; j < COLUMNS; j++) {
      Column feature = j % 2 == 0 ? randn(1000 + j) : when(rand(1000 + j).lt(0.3), 1.0).otherwise(0.0);
      frame = frame.withColumn("f" + j, feature);
      double beta = (j % 5 + 1) * 0.1 * (j % 3 == 0 ? -1 : 1);
      eta = eta.plus(col("f" + j).multiply(beta));
      x.add(col("f" + j));
    }
    Column probability = lit(1.0).divide(lit(1.0).plus(exp(eta.multiply(-1))));
    return frame.withColumn("y", when(rand(7).lt(probability), 1.0).otherwise(0.0))
        .withColumn("trials", lit(1.0)).withColumn("weight", lit(1.0))
        .withColumn("x", array(x.toArray(new Column[0])));
  }
}
