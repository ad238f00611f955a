package org.coprod.model;

import java.util.List;
import org.coprod.output.FactorEffectRow;
import org.coprod.output.ModelFitRow;

/** What one model contributes to the outputs: its terms and its fit row (also when it failed). */
public record ModelOutcome(List<FactorEffectRow> effects, ModelFitRow fit) implements org.coprod.output.RunOutputs.ModelRows {
  public ModelOutcome {
    effects = List.copyOf(effects);
  }
}
