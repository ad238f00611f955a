package org.coprod.stats;

import java.util.Arrays;
import java.util.List;

/**
 * Kernel benchmark (a program, not a test): ns per row of one outer evaluation (log-likelihood
 * and gradient over all groups) for Laplace and AGQ K = 7, against the floor of one pass
 * computing {@code x'beta} and one {@code exp} per row. 1000 balanced groups x 100 binary rows,
 * 4 columns, median of 21 timed runs after warm-up.
 *
 * <pre>
 *   ./mvnw -q -o test-compile
 *   java -cp target/classes:target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
 *       org.coprod.stats.GlmmKernelBench [groups=1000] [rows=100] [columns=4]
 * </pre>
 */
public final class GlmmKernelBench {

  private static volatile double sink;
  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  private GlmmKernelBench() {}

  public static void main(String[] args) {
    int groups = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int columns = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    double[] beta = new double[columns];
    double[] at = new double[columns]; // near, not at, the optimum: a typical outer iteration
    for (int j = 0; j < columns; j++) {
      beta[j] = j == 0 ? -0.3 : 0.6 / Math.sqrt(columns) * (j % 2 == 0 ? 1 : -1);
      at[j] = beta[j] + 0.05;
    }
    double logSigma = Math.log(0.9);
    List<GroupBlock> blocks = GlmmTestData.balancedBinary(groups, rows, beta, 0.9, 42);
    long totalRows = (long) groups * rows;
    LocalGroupedLikelihood warm = new LocalGroupedLikelihood(blocks);

    Runnable floor = () -> sink = floor(blocks, at);
    Runnable laplaceCold = () -> sink = cold(blocks, at, logSigma, 1);
    Runnable laplaceWarm = () -> sink = warm.evaluate(at, logSigma, 1, false).logLik();
    Runnable agq7Cold = () -> sink = cold(blocks, at, logSigma, 7);
    Runnable agq7Warm = () -> sink = warm.evaluate(at, logSigma, 7, false).logLik();

    RandomInterceptKernel kernel = new RandomInterceptKernel();
    double[] g = new double[columns + 1];
    GroupRows prepared = new GroupRows();
    double prepareOnly = median(() -> { for (GroupBlock b : blocks) prepared.prepare(b, at, 0.9, 0); }, totalRows);
    System.out.printf("  [prepare: x'beta, exp, first mode-search sums] %.2f ns/row%n", prepareOnly);
    for (int k : new int[] {1, 7}) {
      GaussHermiteRule rule = GaussHermiteRule.of(k);
      double noGrad = median(() -> { double t = 0; for (GroupBlock b : blocks) t += kernel.evaluate(b, at, logSigma, rule, null, 0); sink = t; }, totalRows);
      double grad = median(() -> { double t = 0; for (GroupBlock b : blocks) t += kernel.evaluate(b, at, logSigma, rule, g, 0); sink = t; }, totalRows);
      double modeOnly = median(() -> { for (GroupBlock b : blocks) kernel.modeOnly(b, at, 0.9); }, totalRows);
      System.out.printf("  [K=%d] kernel no gradient %.2f, with gradient %.2f, mode only %.2f ns/row%n", k, noGrad, grad, modeOnly);
    }
    double f = median(floor, totalRows);
    double lc = median(laplaceCold, totalRows);
    double lw = median(laplaceWarm, totalRows);
    double ac = median(agq7Cold, totalRows);
    double coldPasses = lastModePasses / (double) groups;
    double aw = median(agq7Warm, totalRows);
    System.out.printf("GlmmKernelBench: %d groups x %d rows, %d columns, Java %s%n", groups, rows, beta.length,
        System.getProperty("java.version"));
    System.out.printf("  floor (x'beta + one exp per row)       %7.2f ns/row%n", f);
    System.out.printf("  Laplace, mode search from 0            %7.2f ns/row  (%.2fx floor)%n", lc, lc / f);
    System.out.printf("  Laplace, warm-started modes            %7.2f ns/row  (%.2fx floor)%n", lw, lw / f);
    System.out.printf("  AGQ K=7, mode search from 0            %7.2f ns/row  (%.2fx floor)%n", ac, ac / f);
    System.out.printf("  AGQ K=7, warm-started modes            %7.2f ns/row  (%.2fx floor)%n", aw, aw / f);
    System.out.printf("  mode search from 0: %.2f row passes per group%n", coldPasses);
    System.out.println("  (log-likelihood and gradient; thread CPU time, median of 21 runs after 15 warm-up runs)");
  }

  private static double cold(List<GroupBlock> blocks, double[] beta, double logSigma, int k) {
    GlmmLikelihoodSum sum = GlmmLikelihoodSum.zero(new EvaluationPoint(beta, logSigma, k, false));
    for (GroupBlock block : blocks) {
      sum.add(block, 0);
    }
    lastModePasses = sum.modePasses();
    return sum.logLik();
  }

  private static long lastModePasses;

  private static double floor(List<GroupBlock> blocks, double[] beta) {
    double total = 0;
    for (GroupBlock block : blocks) {
      double[] x = block.x();
      int p = block.columns();
      for (int i = 0; i < block.rows(); i++) {
        double a = 0;
        for (int j = 0; j < p; j++) {
          a += x[i * p + j] * beta[j];
        }
        total += Math.exp(a);
      }
    }
    return total;
  }

  private static double median(Runnable task, long rows) {
    for (int i = 0; i < 15; i++) {
      task.run();
    }
    double[] times = new double[21];
    for (int i = 0; i < times.length; i++) {
      long start = THREADS.getCurrentThreadCpuTime();
      task.run();
      times[i] = (THREADS.getCurrentThreadCpuTime() - start) / (double) rows;
    }
    Arrays.sort(times);
    return times[times.length / 2];
  }
}
