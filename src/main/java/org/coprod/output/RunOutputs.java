package org.coprod.output;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes the model tables of a run from the models' outcomes (parameter-sized rows). */
public final class RunOutputs {

  private RunOutputs() {}

  /** One outcome per model: its factor effects (possibly none) and its fit row. */
  public interface ModelRows {
    List<FactorEffectRow> effects();

    ModelFitRow fit();
  }

  public static void writeModels(SparkSession spark, RunFolder run, List<? extends ModelRows> outcomes) {
    List<Row> effects = new ArrayList<>();
    List<Row> fits = new ArrayList<>();
    for (ModelRows outcome : outcomes) {
      outcome.effects().forEach(row -> effects.add(row.toRow()));
      fits.add(outcome.fit().toRow());
    }
    TableWriter.writeSmall(spark, run, "factor_effects", FactorEffectRow.SCHEMA, effects);
    TableWriter.writeSmall(spark, run, "model_fit", ModelFitRow.SCHEMA, fits);
  }
}
