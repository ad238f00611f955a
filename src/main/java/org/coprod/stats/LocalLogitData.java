package org.coprod.stats;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link LogitDataPass} over rows held in memory: for tests and small local problems. */
public final class LocalLogitData implements LogitDataPass {

  /** One design row; {@code cluster} may be null. */
  public record Row(double[] x, double successes, double trials, double weight, String cluster) {}

  private final List<Row> rows;
  private final int columns;

  public LocalLogitData(List<Row> rows, int columns) {
    this.rows = List.copyOf(rows);
    this.columns = columns;
  }

  @Override
  public int columns() {
    return columns;
  }

  @Override
  public LogitStatistics evaluate(double[] beta, LogitStatistics.Request request) {
    LogitStatistics statistics = LogitStatistics.empty(columns, request);
    for (Row row : rows) {
      statistics.add(row.x(), row.successes(), row.trials(), row.weight(), beta);
    }
    return statistics;
  }

  @Override
  public ClusterMeat clusterMeat(double[] beta) {
    if (rows.isEmpty() || rows.get(0).cluster() == null) {
      return null;
    }
    Map<String, double[]> scores = new HashMap<>();
    for (Row row : rows) {
      double[] sum = scores.computeIfAbsent(row.cluster(), key -> new double[columns]);
      ClusterScores.addScore(sum, row.x(), row.successes(), row.trials(), row.weight(), beta);
    }
    double[] meat = new double[columns * columns];
    scores.values().forEach(score -> ClusterScores.addOuter(meat, score));
    return new ClusterMeat(meat, scores.size());
  }
}
