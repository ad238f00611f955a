package org.coprod.model;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.coprod.output.FactorEffectRow;
import org.coprod.output.ModelFitRow;
import org.coprod.output.RunOutputs;
import org.coprod.output.VarianceComponentRow;

/**
 * What one model contributes to the outputs: its terms and its fit row (also when it
 * failed), and for multilevel models the variance components and the per-group effects
 * (a cached distributed table, null for pooled models; {@link #release()} frees it).
 */
public record ModelOutcome(
    List<FactorEffectRow> effects, ModelFitRow fit, List<VarianceComponentRow> varianceComponents, Dataset<Row> groupEffects)
    implements RunOutputs.ModelRows {

  public ModelOutcome {
    effects = List.copyOf(effects);
    varianceComponents = List.copyOf(varianceComponents);
  }

  public ModelOutcome(List<FactorEffectRow> effects, ModelFitRow fit) {
    this(effects, fit, List.of(), null);
  }

  public void release() {
    if (groupEffects != null) {
      groupEffects.unpersist(false);
    }
  }
}
