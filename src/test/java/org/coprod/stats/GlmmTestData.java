package org.coprod.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded simulated random-intercept logit data for tests and the benchmark. */
final class GlmmTestData {

  private GlmmTestData() {}

  /**
   * Groups of binary (trials = 1) or binomial rows with an intercept and standard normal
   * covariates; {@code weighted} draws prior weights in {0.5, 1, 2, 3}.
   */
  static List<GroupBlock> simulate(
      int groups, int rows, double[] beta, double sigma, long seed, boolean weighted, int maxTrials) {
    SplittableRandom random = new SplittableRandom(seed);
    int p = beta.length;
    List<GroupBlock> blocks = new ArrayList<>(groups);
    double[] weightChoices = {0.5, 1, 2, 3};
    for (int g = 0; g < groups; g++) {
      double b = sigma * gaussian(random);
      int n = 1 + random.nextInt(rows); // unbalanced on purpose
      double[] x = new double[n * p];
      double[] s = new double[n];
      double[] t = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        x[i * p] = 1;
        double eta = beta[0] + b;
        for (int j = 1; j < p; j++) {
          x[i * p + j] = gaussian(random);
          eta += beta[j] * x[i * p + j];
        }
        double prob = 1 / (1 + Math.exp(-eta));
        t[i] = maxTrials == 1 ? 1 : 1 + random.nextInt(maxTrials);
        for (int k = 0; k < t[i]; k++) {
          s[i] += random.nextDouble() < prob ? 1 : 0;
        }
        w[i] = weighted ? weightChoices[random.nextInt(weightChoices.length)] : 1;
      }
      blocks.add(new GroupBlock("g" + g, n, p, x, s, t, w));
    }
    return blocks;
  }

  /** Balanced binary groups with unit weights, for the benchmark. */
  static List<GroupBlock> balancedBinary(int groups, int rows, double[] beta, double sigma, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int p = beta.length;
    List<GroupBlock> blocks = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      double b = sigma * gaussian(random);
      double[] x = new double[rows * p];
      double[] y = new double[rows];
      for (int i = 0; i < rows; i++) {
        x[i * p] = 1;
        double eta = beta[0] + b;
        for (int j = 1; j < p; j++) {
          x[i * p + j] = gaussian(random);
          eta += beta[j] * x[i * p + j];
        }
        y[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
      }
      blocks.add(GroupBlock.binary("g" + g, p, x, y));
    }
    return blocks;
  }

  static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** The same rows as {@code block} in a random order, under the group id {@code groupId}. */
  static GroupBlock permuteRows(GroupBlock block, java.util.Random random, String groupId) {
    int n = block.rows();
    int p = block.columns();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    java.util.Collections.shuffle(order, random);
    double[] x = new double[n * p];
    double[] s = new double[n];
    double[] t = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      int from = order.get(i);
      System.arraycopy(block.x(), from * p, x, i * p, p);
      s[i] = block.successes()[from];
      t[i] = block.trials()[from];
      w[i] = block.weights()[from];
    }
    return new GroupBlock(groupId, n, p, x, s, t, w);
  }
}
