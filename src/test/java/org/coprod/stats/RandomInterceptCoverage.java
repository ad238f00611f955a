package org.coprod.stats;

import java.util.List;
import java.util.Locale;

/**
 * Coverage of 95% Wald intervals of the random-intercept logit over repeated simulations
 * with known parameters (issue 7, "recovery"). β: β̂ ± 1.96·SE; σ: on the log scale,
 * exp(log σ̂ ± 1.96·SE(log σ̂)), which keeps the interval positive and is closer to nominal
 * with few groups. Prints the coverage per parameter with its Monte Carlo SE, for the
 * model-based (inverse Hessian) and the sandwich-over-groups standard errors.
 *
 * <pre>
 * ./mvnw -q -DskipTests test-compile
 * java -cp target/classes:target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
 *     org.coprod.stats.RandomInterceptCoverage 500 100 30 7
 * </pre>
 * (replications, groups, maximum rows per group, nAGQ)
 */
public final class RandomInterceptCoverage {

  static final double[] BETA = {-0.4, 0.7, -0.5};
  static final double SIGMA = 0.8;

  /** Per parameter (β…, σ): how many intervals covered the truth (model-based, sandwich), and fits that converged. */
  record Coverage(int[] covered, int[] coveredRobust, int fits, int replications) {
    double rate(int j) {
      return (double) covered[j] / fits;
    }

    double robustRate(int j) {
      return (double) coveredRobust[j] / fits;
    }
  }

  public static void main(String[] args) {
    int replications = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int groups = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int nAGQ = args.length > 3 ? Integer.parseInt(args[3]) : 7;
    Coverage coverage = run(replications, groups, rows, nAGQ, 1);
    System.out.printf(Locale.ROOT, "%d replications (%d converged), %d groups, 1..%d rows per group, nAGQ %d, sigma %.2f%n",
        replications, coverage.fits(), groups, rows, nAGQ, SIGMA);
    for (int j = 0; j <= BETA.length; j++) {
      double rate = coverage.rate(j);
      double robust = coverage.robustRate(j);
      System.out.printf(Locale.ROOT, "  %-8s coverage %.3f (Monte Carlo SE %.3f), with sandwich SEs %.3f (%.3f)%n",
          j < BETA.length ? "beta" + j : "sigma", rate, Math.sqrt(rate * (1 - rate) / coverage.fits()), robust,
          Math.sqrt(robust * (1 - robust) / coverage.fits()));
    }
  }

  static Coverage run(int replications, int groups, int rows, int nAGQ, long seedBase) {
    int[] covered = new int[BETA.length + 1];
    int[] coveredRobust = new int[BETA.length + 1];
    int fits = 0;
    for (int r = 0; r < replications; r++) {
      List<GroupBlock> blocks = GlmmTestData.simulate(groups, rows, BETA, SIGMA, seedBase + 7919L * r, false, 1);
      RandomInterceptFit fit =
          new RandomInterceptLogitFitter(nAGQ, 100, RandomInterceptLogitFitter.Optimizer.BFGS).fit(new LocalGroupedLikelihood(blocks));
      if (fit.status() != FitStatus.CONVERGED) {
        continue;
      }
      fits++;
      count(covered, fit, fit.standardErrors(), fit.sigmaStandardError());
      count(coveredRobust, fit, fit.robustStandardErrors(), fit.sigmaRobustStandardError());
    }
    return new Coverage(covered, coveredRobust, fits, replications);
  }

  private static void count(int[] covered, RandomInterceptFit fit, double[] se, double sigmaSe) {
    for (int j = 0; j < BETA.length; j++) {
      if (Math.abs(fit.beta()[j] - BETA[j]) <= WaldInference.Z_975 * se[j]) {
        covered[j]++;
      }
    }
    double seLogSigma = sigmaSe / fit.sigma();
    if (Math.abs(fit.logSigma() - Math.log(SIGMA)) <= WaldInference.Z_975 * seLogSigma) {
      covered[BETA.length]++;
    }
  }
}
