package org.coprod.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maximum likelihood for the pooled logit by Newton–Raphson on the Fisher information
 * (identical to IRLS for the canonical link), one {@link LogitDataPass} per iteration and
 * one more at the optimum for the sandwich meat and AMEs.
 *
 * <p>Why not MLlib's {@code GeneralizedLinearRegression}: it gives neither the sandwich meat,
 * cluster scores nor AMEs, cannot report R's aliased (NA) columns, and throws on
 * non-convergence; the per-iteration work here is the same one treeAggregate of XᵀWX.
 *
 * <p>Convergence as R's {@code glm.fit}: |D − D_old| / (|D| + 0.1) below the tolerance
 * (default 1e-12, tighter than R's 1e-8 so that estimates agree to 1e-8). Step-halving when
 * the deviance rises or is not finite. Columns are aliased at the first iteration by
 * {@link SymmetricSolver} (R keeps the earlier of two collinear columns, so do we).
 */
public final class PooledLogitFitter {

  private static final Logger LOG = LoggerFactory.getLogger(PooledLogitFitter.class);
  /**
   * Pivot tolerance on XᵀWX: a column whose squared residual norm, after projecting out the
   * earlier kept columns, is below this fraction of its own is aliased. Working on the Gram
   * matrix squares the condition number, so an exact dependency shows up with a relative
   * pivot of ~1e-10 rather than ~1e-16 (seen with 8 municipality columns on 7 municipalities);
   * a legitimate correlation of 0.99999 still leaves 2e-5.
   */
  static final double ALIAS_TOLERANCE = 1e-9;
  /** A coefficient this large on the logit scale with fitted probabilities at 0/1 means separation. */
  static final double SEPARATION_COEFFICIENT = 10;

  public record Options(int maxIterations, double tolerance, CovarianceType reportedCovariance, AverageMarginalEffects.Plan marginalEffects) {
    public Options {
      if (maxIterations < 1) {
        throw new IllegalArgumentException("invalid maxIterations: " + maxIterations + " (must be >= 1)");
      }
      if (!(tolerance > 0)) {
        throw new IllegalArgumentException("invalid tolerance: " + tolerance + " (must be > 0)");
      }
    }

    public static Options defaults(int columns) {
      return new Options(50, 1e-12, CovarianceType.MODEL, AverageMarginalEffects.Plan.none(columns));
    }

    public Options withReportedCovariance(CovarianceType type) {
      return new Options(maxIterations, tolerance, type, marginalEffects);
    }

    public Options withMarginalEffects(AverageMarginalEffects.Plan plan) {
      return new Options(maxIterations, tolerance, reportedCovariance, plan);
    }
  }

  private PooledLogitFitter() {}

  /**
   * Fits the model. {@code interceptColumn} is the index of the intercept (−1 if none), used
   * for the null deviance; {@code columnName} names columns in messages.
   */
  public static PooledLogitFit fit(LogitDataPass data, int interceptColumn, Options options, IntFunction<String> columnName) {
    int p = data.columns();
    double[] beta = new double[p];
    LogitStatistics current = data.evaluate(beta, LogitStatistics.Request.ITERATION);
    if (current.rows == 0 || current.sumWeightedTrials == 0) {
      return PooledLogitFit.failed(p, FitStatus.NO_DATA, "no rows with positive weight and trials");
    }
    SymmetricSolver first = SymmetricSolver.factor(current.symmetricInformation(), p, ALIAS_TOLERANCE);
    boolean[] aliased = first.aliased();
    int iterations = 0;
    boolean converged = false;
    boolean stepFailed = false;
    while (iterations < options.maxIterations()) {
      iterations++;
      SymmetricSolver solver = iterations == 1 ? first : factorKeeping(current, aliased);
      double[] step = solver.solve(current.score);
      double[] candidate = null;
      LogitStatistics next = null;
      for (int halvings = 0; halvings <= 30; halvings++) {
        double scale = Math.pow(0.5, halvings);
        candidate = new double[p];
        for (int j = 0; j < p; j++) {
          candidate[j] = aliased[j] ? 0 : beta[j] + scale * step[j];
        }
        next = data.evaluate(candidate, LogitStatistics.Request.ITERATION);
        if (Double.isFinite(next.deviance) && next.deviance <= current.deviance * (1 + 1e-12) + 1e-12) {
          break;
        }
        next = null;
      }
      if (next == null) {
        stepFailed = true;
        break;
      }
      double change = Math.abs(next.deviance - current.deviance) / (Math.abs(next.deviance) + 0.1);
      beta = candidate;
      current = next;
      LOG.debug("IRLS iteration {}: deviance {} relative change {}", iterations, current.deviance, change);
      if (change < options.tolerance()) {
        converged = true;
        break;
      }
    }
    double nullEta = nullLinearPredictor(current, interceptColumn);
    LogitStatistics.Request finalRequest = new LogitStatistics.Request(true, options.marginalEffects(), nullEta);
    LogitStatistics last = data.evaluate(beta, finalRequest);
    LogitDataPass.ClusterMeat clusterMeat = data.clusterMeat(beta);
    return assemble(beta, aliased, last, clusterMeat, iterations, converged, stepFailed, options, columnName);
  }

  private static SymmetricSolver factorKeeping(LogitStatistics statistics, boolean[] aliased) {
    int p = statistics.columns;
    double[] information = statistics.symmetricInformation();
    // Keep the first iteration's aliasing fixed: neutralise aliased rows/columns so the factor skips them.
    for (int j = 0; j < p; j++) {
      if (aliased[j]) {
        for (int k = 0; k < p; k++) {
          information[j * p + k] = 0;
          information[k * p + j] = 0;
        }
      }
    }
    return SymmetricSolver.factor(information, p, ALIAS_TOLERANCE);
  }

  private static double nullLinearPredictor(LogitStatistics statistics, int interceptColumn) {
    if (interceptColumn < 0) {
      return 0; // R's null model without intercept is η = 0
    }
    double proportion = statistics.sumWeightedSuccesses / statistics.sumWeightedTrials;
    return Math.log(proportion / (1 - proportion));
  }

  private static PooledLogitFit assemble(
      double[] beta, boolean[] aliased, LogitStatistics last, LogitDataPass.ClusterMeat clusterMeat,
      int iterations, boolean converged, boolean stepFailed, Options options, IntFunction<String> columnName) {
    int p = beta.length;
    double[] model = factorKeeping(last, aliased).inverse();
    int rank = 0;
    for (boolean a : aliased) {
      rank += a ? 0 : 1;
    }
    double n = last.rows;
    double[] hc0 = Matrices.sandwich(model, last.symmetricMeat(), p);
    double[] hc1 = Matrices.scale(hc0, n / (n - rank));
    double[] cluster = null;
    long clusters = 0;
    if (clusterMeat != null) {
      clusters = clusterMeat.clusters();
      double g = clusters;
      double adjustment = g / (g - 1); // vcovCL's default for glm: type HC0 with cadjust
      cluster = Matrices.scale(Matrices.sandwich(model, clusterMeat.meat(), p), adjustment);
    }
    CovarianceType reported = options.reportedCovariance();
    if (reported == CovarianceType.CLUSTER && cluster == null) {
      throw new IllegalArgumentException("cluster-robust standard errors asked for, but the data carry no cluster");
    }
    double[] coefficients = beta.clone();
    for (int j = 0; j < p; j++) {
      if (aliased[j]) {
        coefficients[j] = Double.NaN;
      }
    }
    double[] reportedMatrix = switch (reported) {
      case MODEL -> model;
      case HC0 -> hc0;
      case HC1 -> hc1;
      case CLUSTER -> cluster;
    };
    double[] ame = last.marginalEffects == null ? nanVector(p) : last.marginalEffects.effects();
    double[] ameErrors = last.marginalEffects == null ? nanVector(p) : last.marginalEffects.standardErrors(reportedMatrix);

    FitStatus status;
    List<String> notes = new ArrayList<>();
    List<String> separated = new ArrayList<>();
    boolean[] diverging = diverging(beta, aliased);
    for (int j = 0; j < p; j++) {
      if (diverging[j]) {
        separated.add(columnName.apply(j));
      }
    }
    List<String> aliasedNames = new ArrayList<>();
    for (int j = 0; j < p; j++) {
      if (aliased[j]) {
        aliasedNames.add(columnName.apply(j));
      }
    }
    if (!Double.isFinite(last.deviance) || !allFinite(beta)) {
      status = FitStatus.NON_FINITE;
      notes.add("non-finite deviance or coefficients");
    } else if (last.rowsAtBoundary > 0 && !separated.isEmpty()) {
      status = FitStatus.SEPARATION;
      notes.add(String.format("complete or quasi-complete separation: %d rows with fitted probability 0 or 1; diverging terms: %s",
          last.rowsAtBoundary, String.join(", ", separated)));
    } else if (stepFailed) {
      status = FitStatus.LINE_SEARCH_FAILED;
      notes.add("step-halving could not reduce the deviance after iteration " + iterations);
    } else if (!converged) {
      status = FitStatus.MAX_ITERATIONS;
      notes.add("did not converge in " + iterations + " iterations");
    } else if (!aliasedNames.isEmpty()) {
      status = FitStatus.CONVERGED_WITH_ALIASED_TERMS;
    } else {
      status = FitStatus.CONVERGED;
    }
    if (!aliasedNames.isEmpty()) {
      notes.add("aliased (collinear or constant) terms dropped as NA: " + String.join(", ", aliasedNames));
    }
    String message = notes.isEmpty() ? "converged in " + iterations + " iterations" : String.join("; ", notes);
    return new PooledLogitFit(
        coefficients, aliased, model, hc0, hc1, cluster, clusters, reported, ame, ameErrors,
        last.logLikelihood(), last.deviance, last.nullDeviance, last.rows, last.sumWeights, iterations, status, message);
  }

  /**
   * The separation heuristic's verdict per column: a kept column whose coefficient exceeds
   * {@link #SEPARATION_COEFFICIENT} in absolute value. It means separation only together with
   * fitted probabilities at 0 or 1, which the fit's status says ({@link FitStatus#SEPARATION}).
   */
  static boolean[] diverging(double[] beta, boolean[] aliased) {
    boolean[] diverging = new boolean[beta.length];
    for (int j = 0; j < beta.length; j++) {
      diverging[j] = !aliased[j] && Math.abs(beta[j]) > SEPARATION_COEFFICIENT;
    }
    return diverging;
  }

  private static boolean allFinite(double[] values) {
    return Arrays.stream(values).allMatch(Double::isFinite);
  }

  private static double[] nanVector(int p) {
    double[] values = new double[p];
    Arrays.fill(values, Double.NaN);
    return values;
  }
}
