package org.coprod.stats;

/**
 * One pass over the rows of a logit design at a given β. The fitter sees only this
 * interface and parameter-sized vectors; a Spark adapter implements it with one
 * treeAggregate per call, {@link LocalLogitData} with a loop.
 */
public interface LogitDataPass {

  int columns();

  /** Sufficient statistics at β; with the HC meat, AMEs and null deviance only where asked for. */
  LogitStatistics evaluate(double[] beta, LogitStatistics.Request request);

  /**
   * The cluster-robust meat Σ_g (Σ_{i∈g} w_i(s_i − m_iμ_i)x_i)(…)ᵀ at β and the number of
   * clusters, or {@code null} when the data carry no cluster.
   */
  ClusterMeat clusterMeat(double[] beta);

  /** Row-major p×p meat summed over clusters, and the number of clusters G. */
  record ClusterMeat(double[] meat, long clusters) {}
}
