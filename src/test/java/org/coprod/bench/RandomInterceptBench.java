package org.coprod.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.coprod.model.DesignMatrix;
import org.coprod.model.DesignMatrixBuilder;
import org.coprod.model.DesignMatrixOptions;
import org.coprod.model.ModelOutcome;
import org.coprod.model.ModelRunner;
import org.coprod.model.SparkGroupedLikelihood;
import org.coprod.spec.Method;
import org.coprod.spec.ModelSpec;
import org.coprod.spec.formula.Formula;
import org.coprod.stats.CovarianceType;

/**
 * Benchmark (issue 7): random-intercept logit with 15 fixed effects and ~100 rows per group
 * on local[2]. For each size it prints coprod's time from the loaded table to estimates and
 * SEs (design matrix, packing into groups and optimisation, as model_fit.fit_seconds records
 * it) for Laplace and AGQ K = 7, outer iterations and time per outer iteration; the floor —
 * one plain aggregation pass over the same cached blocks computing x'β and one exp per row —
 * and one K = 7 likelihood pass over the same blocks (median of 5 each); and, when Rscript
 * with lme4 is installed and rows ≤ 1M, lme4::glmer(nAGQ = 1), glmer(nAGQ = 0) and (where
 * installed) glmmTMB, each timed around the fitting call only, on the same rows written to
 * CSV and loaded before the clock starts.
 *
 * <pre>
 * jobs/bench glmm 100000 1000000 10000000
 * </pre>
 *
 * System properties (through JAVA_TOOL_OPTIONS): {@code bench.skipR=true} leaves R out;
 * {@code bench.rFits} lists the R fits to time (default {@code glmer1,glmer0,glmmTMB}; glmer1
 * is left out above {@code bench.glmer1MaxRows}, default 200000, where it takes half an hour
 * or more); {@code bench.repeats} (default 1) repeats every fit, coprod's and R's, and prints
 * each time and the median; an R fit written {@code name:N} (e.g. {@code glmmTMB:1}) runs N
 * times instead.
 */
public final class RandomInterceptBench {

  static final int PREDICTORS = 14;
  static final int ROWS_PER_GROUP = 100;

  public static void main(String[] args) throws Exception {
    SparkSession spark = BenchSupport.session("random-intercept-bench");
    System.out.println("machine: " + BenchSupport.machine());
    for (String arg : args.length == 0 ? new String[] {"100000"} : args) {
      run(spark, Long.parseLong(arg));
    }
    spark.stop();
  }

  static String formula() {
    StringBuilder formula = new StringBuilder("y ~ ");
    for (int j = 1; j <= PREDICTORS; j++) {
      formula.append(j > 1 ? " + " : "").append("x").append(j);
    }
    return formula.append(" + (1 | g)").toString();
  }

  static void run(SparkSession spark, long rows) throws IOException, InterruptedException {
    Dataset<Row> table = data(spark, rows).persist(StorageLevel.MEMORY_AND_DISK());
    table.count();
    int repeats = Integer.getInteger("bench.repeats", 1);
    String rResult = "";
    if (rows <= 1_000_000 && !Boolean.getBoolean("bench.skipR") && rAvailable()) {
      Path csv = Files.createTempDirectory("coprod-bench");
      table.coalesce(1).write().mode(SaveMode.Overwrite).option("header", "true").csv(csv.toString());
      List<String> fits = new ArrayList<>(List.of(System.getProperty("bench.rFits", "glmer1,glmer0,glmmTMB").split(",")));
      if (rows > Long.getLong("bench.glmer1MaxRows", 200_000) && fits.removeIf(fit -> fit.strip().startsWith("glmer1"))) {
        System.out.printf(Locale.ROOT, "glmer(nAGQ = 1) left out at %d rows (above bench.glmer1MaxRows)%n", rows);
      }
      rResult = timeR(csv, fits, repeats);
    }
    for (Method method : List.of(Method.LAPLACE, Method.AGQ)) {
      int nAGQ = method == Method.AGQ ? 7 : 1;
      double[] seconds = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        BenchSupport.resetPeaks();
        ModelSpec spec = new ModelSpec("bench_" + method.name().toLowerCase(Locale.ROOT), formula(), method, nAGQ, null, null,
            CovarianceType.MODEL, java.util.Map.of());
        double loadBefore = BenchSupport.loadAverage();
        long start = System.nanoTime();
        ModelOutcome outcome = ModelRunner.run("bench", spec, table, 10);
        double wall = BenchSupport.seconds(start);
        var fit = outcome.fit();
        seconds[r] = fit.fitSeconds();
        System.out.printf(Locale.ROOT,
            "%s nAGQ=%d: %d rows, %s groups: fit %.1f s (table to estimates and SEs), wall %.1f s, %s outer iterations, status %s,"
                + " sigma %.4f, peak heap %d MiB, load average %.1f -> %.1f%n",
            method.name().toLowerCase(Locale.ROOT), nAGQ, fit.nObs(), fit.nGroups(), fit.fitSeconds(), wall, fit.iterations(), fit.status(),
            fit.sigma() == null ? Double.NaN : fit.sigma(), BenchSupport.peakHeapMiB(), loadBefore, BenchSupport.loadAverage());
        outcome.release();
      }
      if (repeats > 1) {
        System.out.printf(Locale.ROOT, "%s nAGQ=%d at %d rows: fit seconds %s, median %.1f s%n", method.name().toLowerCase(Locale.ROOT), nAGQ,
            rows, java.util.Arrays.toString(seconds), BenchSupport.median(seconds));
      }
    }
    floorAndPass(spark, table);
    if (!rResult.isEmpty()) {
      System.out.print(rResult);
    }
    table.unpersist();
  }

  /** The floor (x'β and one exp per row over the cached blocks) and one K = 7 likelihood pass. */
  static void floorAndPass(SparkSession spark, Dataset<Row> table) {
    Formula formula = Formula.parse(formula());
    DesignMatrix design = DesignMatrixBuilder.build(table, formula, DesignMatrixOptions.defaults());
    int p = design.columns().size();
    int partitions = Math.max(spark.sparkContext().defaultParallelism(), (int) (table.count() / 250_000 + 1));
    try (SparkGroupedLikelihood likelihood = new SparkGroupedLikelihood(design.rows(), "g0", p, partitions)) {
      double[] beta = new double[p];
      for (int j = 0; j < p; j++) {
        beta[j] = 0.05 * (j % 3 - 1);
      }
      likelihood.blocks().count(); // pack and cache once, outside the timings
      double[] floor = new double[5];
      double[] pass = new double[5];
      double[] laplacePass = new double[5];
      for (int r = 0; r < 5; r++) {
        long start = System.nanoTime();
        double total = likelihood.blocks().map(block -> {
          double sum = 0;
          double[] x = block.x();
          int columns = block.columns();
          for (int i = 0; i < block.rows(); i++) {
            double eta = 0;
            for (int j = 0; j < columns; j++) {
              eta += x[i * columns + j] * beta[j];
            }
            sum += Math.exp(eta);
          }
          return sum;
        }).treeReduce(Double::sum);
        floor[r] = BenchSupport.seconds(start);
        if (!(total > 0)) {
          throw new IllegalStateException("floor pass lost its result");
        }
        start = System.nanoTime();
        likelihood.evaluate(beta, Math.log(0.8), 7, false);
        pass[r] = BenchSupport.seconds(start);
        start = System.nanoTime();
        likelihood.evaluate(beta, Math.log(0.8), 1, false);
        laplacePass[r] = BenchSupport.seconds(start);
      }
      double f = BenchSupport.median(floor);
      double k7 = BenchSupport.median(pass);
      double k1 = BenchSupport.median(laplacePass);
      System.out.printf(Locale.ROOT,
          "passes over cached blocks (median of 5): floor x'b + exp %.3f s; likelihood+gradient K=7 %.3f s (%.2fx floor); Laplace %.3f s (%.2fx floor)%n",
          f, k7, k7 / f, k1, k1 / f);
    }
  }

  /** y from a random-intercept logit with sigma = 0.8; groups of ~100 rows. Deterministic. */
  static Dataset<Row> data(SparkSession spark, long rows) {
    long groups = Math.max(1, rows / ROWS_PER_GROUP);
    Dataset<Row> frame = spark.range(0, rows, 1, Math.max(4, (int) (rows / 250_000))).toDF()
        .withColumn("gid", floor(rand(11).multiply(groups)).cast("long"))
        .withColumn("g", format_string("g%07d", col("gid")));
    // The group effect is a deterministic function of the group id: a standard normal via Box–Muller on two hashes.
    Column u1 = xxhash64(col("gid"), lit(1)).bitwiseAND(lit(0xFFFFFFL)).plus(1).divide(16777218.0);
    Column u2 = xxhash64(col("gid"), lit(2)).bitwiseAND(lit(0xFFFFFFL)).divide(16777217.0);
    Column groupEffect = org.apache.spark.sql.functions.sqrt(org.apache.spark.sql.functions.log(u1).multiply(-2))
        .multiply(org.apache.spark.sql.functions.cos(u2.multiply(2 * Math.PI))).multiply(0.8);
    Column eta = lit(-0.4).plus(groupEffect);
    List<String> keep = new ArrayList<>(List.of("g", "y"));
    for (int j = 1; j <= PREDICTORS; j++) {
      Column x = j % 2 == 1 ? randn(100 + j) : when(rand(100 + j).lt(0.4), 1.0).otherwise(0.0);
      frame = frame.withColumn("x" + j, x);
      eta = eta.plus(col("x" + j).multiply((j % 4 + 1) * 0.1 * (j % 3 == 0 ? -1 : 1)));
      keep.add("x" + j);
    }
    Column probability = lit(1.0).divide(lit(1.0).plus(exp(eta.multiply(-1))));
    frame = frame.withColumn("y", when(rand(9).lt(probability), 1).otherwise(0));
    return frame.select(keep.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  static boolean rAvailable() {
    try {
      Process process = new ProcessBuilder("Rscript", "-e", "library(lme4)").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * Times the R fits in one R process, the data loaded once before any clock starts; each
   * time is {@code system.time()} of the fitting call alone. Prints one line per fit kind with
   * every run, the median, sigma and the log-likelihood.
   */
  static String timeR(Path csvFolder, List<String> fits, int repeats) throws IOException, InterruptedException {
    StringBuilder script = new StringBuilder()
        .append("suppressPackageStartupMessages(library(lme4))\n")
        .append("f <- list.files('").append(csvFolder).append("', pattern = 'csv$', full.names = TRUE)\n")
        .append("d <- read.csv(f)\n")
        .append("form <- ").append(formula()).append("\n")
        .append("load <- function() as.numeric(strsplit(readLines('/proc/loadavg'), ' ')[[1]][1])\n")
        .append("timed <- function(label, fit, sigma_of, repeats) {\n")
        .append("  times <- numeric(repeats); loads <- numeric(repeats)\n")
        .append("  for (r in seq_len(repeats)) { gc(); loads[r] <- load(); times[r] <- system.time(m <- fit())[['elapsed']] }\n")
        .append("  cat(sprintf('R %s: %s runs [%s] s, median %.1f s, sigma %.4f, logLik %.2f, load average before runs [%s]\\n', label,\n")
        .append("    repeats, paste(sprintf('%.1f', times), collapse = ', '), median(times), sigma_of(m), as.numeric(logLik(m)),\n")
        .append("    paste(sprintf('%.1f', loads), collapse = ', ')))\n")
        .append("}\n")
        .append("cat(sprintf('R %s, lme4 %s\\n', R.version.string, packageVersion('lme4')))\n");
    for (String entry : fits) {
      String[] parts = entry.strip().split(":");
      String fit = parts[0];
      int repeat = parts.length > 1 ? Integer.parseInt(parts[1]) : Math.max(1, repeats);
      switch (fit) {
        case "glmer1" -> script.append("timed('glmer(nAGQ = 1)', function() glmer(form, data = d, family = binomial, nAGQ = 1),\n")
            .append("  function(m) attr(VarCorr(m)$g, 'stddev'), ").append(repeat).append(")\n");
        case "glmer0" -> script.append("timed('glmer(nAGQ = 0)', function() glmer(form, data = d, family = binomial, nAGQ = 0),\n")
            .append("  function(m) attr(VarCorr(m)$g, 'stddev'), ").append(repeat).append(")\n");
        case "glmmTMB" -> script.append("if (requireNamespace('glmmTMB', quietly = TRUE)) {\n")
            .append("  cat(sprintf('R glmmTMB %s\\n', packageVersion('glmmTMB')))\n")
            .append("  timed('glmmTMB (Laplace)', function() glmmTMB::glmmTMB(form, data = d, family = binomial),\n")
            .append("    function(m) attr(glmmTMB::VarCorr(m)$cond$g, 'stddev'), ").append(repeat).append(")\n")
            .append("} else cat('R glmmTMB: not installed\\n')\n");
        default -> throw new IllegalArgumentException("unknown R fit: " + fit + " (allowed: glmer1, glmer0, glmmTMB)");
      }
    }
    Path file = Files.createTempFile("coprod-bench", ".R");
    Files.writeString(file, script.toString());
    Process process = new ProcessBuilder("Rscript", file.toString()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    int exit = process.waitFor();
    String lines = output.lines().filter(line -> line.startsWith("R ")).reduce("", (a, b) -> a + b + "\n");
    return exit == 0 ? lines : lines + "R exited with " + exit + ":\n" + output;
  }
}
