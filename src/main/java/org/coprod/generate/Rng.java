package org.coprod.generate;

import java.util.SplittableRandom;

/**
 * Counter-based seeding. Every random quantity of the synthetic population is drawn from a
 * generator seeded by (seed, stream, index) alone, so a value never depends on which
 * partition, task or thread computed it: that is what makes the output byte-identical
 * whatever the Spark parallelism.
 */
final class Rng {

  static final long MASK48 = (1L << 48) - 1;

  /** Streams: one per kind of entity, so adding draws to one never shifts another. */
  static final long MUNICIPALITY = 1;
  static final long NEIGHBOURHOOD = 2;
  static final long CITIZEN = 3;
  static final long ACCOUNT = 4;
  static final long DIRT = 100;

  private Rng() {}

  /** A generator for one entity of one stream. */
  static SplittableRandom of(long seed, long stream, long index) {
    return new SplittableRandom(mix64(mix64(seed ^ 0x9E3779B97F4A7C15L * stream) + index));
  }

  /** SplitMix64 finaliser (bijective on 64-bit values). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A bijection of [0, 2^48) keyed by the seed: opaque-looking identifiers that are unique by
   * construction (each step - add, xor-shift, multiply by an odd constant - is invertible mod 2^48).
   */
  static long mix48(long seed, long x) {
    x = (x + (mix64(seed) & MASK48)) & MASK48;
    x ^= x >>> 24;
    x = (x * 0xD6E8FEB86659FDL) & MASK48;
    x ^= x >>> 21;
    x = (x * 0xA0761D6478BD6FL) & MASK48;
    x ^= x >>> 24;
    return x;
  }

  static double logistic(double eta) {
    return 1.0 / (1.0 + Math.exp(-eta));
  }

  static boolean bernoulli(SplittableRandom random, double p) {
    return random.nextDouble() < p;
  }

  /** Standard normal by Box-Muller; written out so the draw sequence is pinned by this code. */
  static double normal(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  /** Poisson draw: inversion for small means, rounded normal approximation for large ones. */
  static int poisson(SplittableRandom random, double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 40) {
      return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
    }
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }

  /** Index drawn with the given (not necessarily normalised) weights. */
  static int categorical(SplittableRandom random, double... weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = random.nextDouble() * total;
    for (int i = 0; i < weights.length - 1; i++) {
      u -= weights[i];
      if (u < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  static int clamp(long x, int low, int high) {
    return (int) Math.max(low, Math.min(high, x));
  }

  static double clamp(double x, double low, double high) {
    return Math.max(low, Math.min(high, x));
  }

  /** Rounds to a fixed number of decimals, so text and Parquet carry the same value. */
  static double round(double x, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(x * scale) / scale;
  }
}
