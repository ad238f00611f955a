package org.coprod.stats;

import java.io.Serializable;

/**
 * Mergeable sufficient statistics of a logit model at one coefficient vector β, the unit
 * of work of one distributed pass (Spark's treeAggregate adds rows in tasks and merges the
 * partial sums; tests add rows from a local list).
 *
 * <p>Always: Fisher information I = Σ w m μ(1−μ) x xᵀ, score U = Σ w (s − mμ) x, the
 * log-likelihood kernel, log binomial coefficients, deviance, counts. Optionally (final
 * pass only, since it costs p² per row) the HC meat M = Σ w² (s − mμ)² x xᵀ and the average
 * marginal effects with their gradients for the delta method.
 */
public final class LogitStatistics implements Serializable {

  private static final long serialVersionUID = 1L;
  /** A fitted probability this close to 0 or 1 signals (quasi-)separation, as R's glm warns. */
  static final double BOUNDARY_PROBABILITY = 1e-10;

  final int columns;
  final double[] information;
  final double[] score;
  final double[] meat;
  final AverageMarginalEffects.Accumulator marginalEffects;
  double logLikelihoodKernel;
  double logBinomialCoefficients;
  double deviance;
  long rows;
  double sumWeights;
  double sumWeightedSuccesses;
  double sumWeightedTrials;
  long rowsAtBoundary;
  /** Linear predictor of the intercept-only model, for the null deviance; NaN when not wanted. */
  final double nullEta;
  double nullDeviance;

  LogitStatistics(int columns, Request request) {
    this.columns = columns;
    this.information = new double[columns * columns];
    this.score = new double[columns];
    this.meat = request.withMeat() ? new double[columns * columns] : null;
    this.marginalEffects = request.marginalEffectsPlan() == null ? null : request.marginalEffectsPlan().newAccumulator();
    this.nullEta = request.nullEta();
  }

  /** An empty accumulator for a design of {@code columns} columns. */
  public static LogitStatistics empty(int columns, Request request) {
    return new LogitStatistics(columns, request);
  }

  /**
   * What a pass computes besides the always-present sums: the HC meat, AMEs (null plan:
   * none), and the deviance of the intercept-only model with linear predictor
   * {@code nullEta} (NaN: none).
   */
  public record Request(boolean withMeat, AverageMarginalEffects.Plan marginalEffectsPlan, double nullEta)
      implements Serializable {
    /** An IRLS iteration: information, score and deviance only. */
    public static final Request ITERATION = new Request(false, null, Double.NaN);
  }

  /** Adds one row; returns this so that it can serve as a fold function. */
  public LogitStatistics add(double[] x, double successes, double trials, double weight, double[] beta) {
    if (weight == 0) {
      return this;
    }
    double eta = 0;
    for (int j = 0; j < columns; j++) {
      if (beta[j] != 0) {
        eta += x[j] * beta[j];
      }
    }
    double mu = BinomialLogit.mean(eta);
    double curvature = weight * trials * mu * (1 - mu);
    double residual = weight * (successes - trials * mu);
    for (int i = 0; i < columns; i++) {
      double xi = x[i];
      if (xi == 0) {
        continue;
      }
      score[i] += residual * xi;
      double ci = curvature * xi;
      int row = i * columns;
      for (int j = 0; j <= i; j++) {
        information[row + j] += ci * x[j];
      }
      if (meat != null) {
        double mi = residual * residual * xi;
        for (int j = 0; j <= i; j++) {
          meat[row + j] += mi * x[j];
        }
      }
    }
    logLikelihoodKernel += BinomialLogit.logLikelihoodKernel(successes, trials, weight, eta);
    logBinomialCoefficients += BinomialLogit.logBinomialCoefficient(successes, trials, weight);
    deviance += BinomialLogit.deviance(successes, trials, weight, eta);
    if (!Double.isNaN(nullEta)) {
      nullDeviance += BinomialLogit.deviance(successes, trials, weight, nullEta);
    }
    rows++;
    sumWeights += weight;
    sumWeightedSuccesses += weight * successes;
    sumWeightedTrials += weight * trials;
    if (mu < BOUNDARY_PROBABILITY || mu > 1 - BOUNDARY_PROBABILITY) {
      rowsAtBoundary++;
    }
    if (marginalEffects != null) {
      marginalEffects.add(x, eta, weight * trials, beta);
    }
    return this;
  }

  /** Adds another partial sum into this one; returns this. */
  public LogitStatistics merge(LogitStatistics other) {
    add(information, other.information);
    add(score, other.score);
    if (meat != null) {
      add(meat, other.meat);
    }
    if (marginalEffects != null) {
      marginalEffects.merge(other.marginalEffects);
    }
    logLikelihoodKernel += other.logLikelihoodKernel;
    logBinomialCoefficients += other.logBinomialCoefficients;
    deviance += other.deviance;
    nullDeviance += other.nullDeviance;
    rows += other.rows;
    sumWeights += other.sumWeights;
    sumWeightedSuccesses += other.sumWeightedSuccesses;
    sumWeightedTrials += other.sumWeightedTrials;
    rowsAtBoundary += other.rowsAtBoundary;
    return this;
  }

  private static void add(double[] target, double[] source) {
    for (int i = 0; i < target.length; i++) {
      target[i] += source[i];
    }
  }

  /** Information as a full symmetric row-major matrix (only the lower triangle is summed). */
  double[] symmetricInformation() {
    return symmetric(information);
  }

  double[] symmetricMeat() {
    return symmetric(meat);
  }

  private double[] symmetric(double[] lowerTriangle) {
    double[] full = lowerTriangle.clone();
    for (int i = 0; i < columns; i++) {
      for (int j = 0; j < i; j++) {
        full[j * columns + i] = full[i * columns + j];
      }
    }
    return full;
  }

  public double logLikelihood() {
    return logLikelihoodKernel + logBinomialCoefficients;
  }

  public double deviance() {
    return deviance;
  }

  public long rows() {
    return rows;
  }
}
