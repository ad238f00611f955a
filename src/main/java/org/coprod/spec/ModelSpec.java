package org.coprod.spec;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.coprod.stats.CovarianceType;

/**
 * One model of a job: an lme4 formula and how to estimate it.
 *
 * @param id unique within the job; names the model in every output table
 * @param formula lme4 syntax, e.g. {@code coprod_ict ~ age10 + gender + (1 | neighbourhood_id)}
 * @param nAGQ quadrature nodes for {@link Method#AGQ} (1..25); 1 for the other methods
 * @param weights prior/frequency weight column, or null
 * @param cluster cluster column for cluster-robust SEs of a pooled model, or null
 * @param standardErrors which covariance the reported SEs, z, p and CIs use
 * @param references declared reference level per factor (otherwise the first sorted level)
 * @param data the feature table the model is fitted on
 * @param subset a Spark SQL condition selecting the rows to fit (R's {@code subset =}), or null
 */
public record ModelSpec(
    String id,
    String formula,
    Method method,
    int nAGQ,
    String weights,
    String cluster,
    CovarianceType standardErrors,
    Map<String, String> references,
    ModelData data,
    String subset) {

  public static final int MAX_NAGQ = 25;

  public ModelSpec {
    requireNonNull(id, "id is null");
    requireNonNull(formula, "formula is null");
    requireNonNull(method, "method is null");
    requireNonNull(standardErrors, "standardErrors is null");
    requireNonNull(data, "data is null");
    references = Map.copyOf(references);
    if (nAGQ < 1 || nAGQ > MAX_NAGQ) {
      throw new SpecException("invalid nAGQ: " + nAGQ + " (must be 1.." + MAX_NAGQ + ")");
    }
    if (method != Method.AGQ && nAGQ != 1) {
      throw new SpecException("model " + id + ": nagq " + nAGQ + " needs method agq (method is " + method.name().toLowerCase() + ")");
    }
    if (standardErrors == CovarianceType.CLUSTER && cluster == null) {
      throw new SpecException("model " + id + ": standard_errors cluster needs a cluster column");
    }
  }

  /** A model of the citizens table, all rows. */
  public ModelSpec(String id, String formula, Method method, int nAGQ, String weights, String cluster,
      CovarianceType standardErrors, Map<String, String> references) {
    this(id, formula, method, nAGQ, weights, cluster, standardErrors, references, ModelData.CITIZENS, null);
  }

  public ModelSpec withReferences(Map<String, String> value) {
    return new ModelSpec(id, formula, method, nAGQ, weights, cluster, standardErrors, value, data, subset);
  }

  /** Default SEs: cluster-robust when a cluster is given, model-based otherwise. */
  public static CovarianceType defaultStandardErrors(String cluster) {
    return cluster == null ? CovarianceType.MODEL : CovarianceType.CLUSTER;
  }
}
