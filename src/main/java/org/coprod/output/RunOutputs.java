package org.coprod.output;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes the model tables of a run from the models' outcomes. */
public final class RunOutputs {

  private RunOutputs() {}

  /** One outcome per model: its factor effects (possibly none), fit row, and multilevel tables. */
  public interface ModelRows {
    List<FactorEffectRow> effects();

    ModelFitRow fit();

    List<VarianceComponentRow> varianceComponents();

    /** Rows of {@link GroupEffectsTable#SCHEMA}, or null. */
    Dataset<Row> groupEffects();
  }

  public static void writeModels(SparkSession spark, RunFolder run, List<? extends ModelRows> outcomes) {
    List<Row> effects = new ArrayList<>();
    List<Row> fits = new ArrayList<>();
    List<Row> variances = new ArrayList<>();
    Dataset<Row> groups = spark.createDataFrame(List.of(), GroupEffectsTable.SCHEMA);
    for (ModelRows outcome : outcomes) {
      outcome.effects().forEach(row -> effects.add(row.toRow()));
      fits.add(outcome.fit().toRow());
      outcome.varianceComponents().forEach(row -> variances.add(row.toRow()));
      if (outcome.groupEffects() != null) {
        groups = groups.unionByName(outcome.groupEffects());
      }
    }
    TableWriter.writeSmall(spark, run, "factor_effects", FactorEffectRow.SCHEMA, effects);
    TableWriter.writeSmall(spark, run, "model_fit", ModelFitRow.SCHEMA, fits);
    TableWriter.writeSmall(spark, run, "variance_components", VarianceComponentRow.SCHEMA, variances);
    TableWriter.write(run, "group_effects", groups);
  }
}
