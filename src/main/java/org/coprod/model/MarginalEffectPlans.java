package org.coprod.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.coprod.spec.formula.ModelColumn;
import org.coprod.spec.formula.Variable;
import org.coprod.stats.AverageMarginalEffects;
import org.coprod.stats.AverageMarginalEffects.Kind;

/**
 * Decides, from the model-matrix columns, which columns get an average marginal effect: a
 * plain numeric column whose input column enters no other model column gets the derivative;
 * a dummy of a factor that enters only as a main effect gets the discrete change from the
 * reference level; anything entangled with other columns (interactions, powers, the same
 * column twice) gets none, because a per-column AME would not be a variable's effect.
 */
final class MarginalEffectPlans {

  private MarginalEffectPlans() {}

  static AverageMarginalEffects.Plan plan(List<ModelColumn> columns) {
    int p = columns.size();
    Kind[] kinds = new Kind[p];
    int[][] siblings = new int[p][];
    for (int j = 0; j < p; j++) {
      kinds[j] = Kind.NONE;
      ModelColumn column = columns.get(j);
      if (column.isIntercept() || column.parts().size() != 1) {
        continue;
      }
      ModelColumn.Part part = column.parts().get(0);
      Set<String> sources = part.variable().sourceColumns();
      List<Integer> sameVariable = new ArrayList<>();
      boolean entangled = false;
      for (int k = 0; k < p; k++) {
        ModelColumn other = columns.get(k);
        Set<String> otherSources = sourceColumns(other);
        otherSources.retainAll(sources);
        if (otherSources.isEmpty()) {
          continue;
        }
        boolean sameMainEffect = other.parts().size() == 1 && other.parts().get(0).variable().equals(part.variable());
        if (sameMainEffect) {
          sameVariable.add(k);
        } else {
          entangled = true;
        }
      }
      if (entangled) {
        continue;
      }
      if (part.isIndicator()) {
        kinds[j] = Kind.DISCRETE;
        siblings[j] = sameVariable.stream().mapToInt(Integer::intValue).toArray();
      } else if (part.variable().kind() == Variable.Kind.COLUMN && sameVariable.size() == 1) {
        kinds[j] = Kind.DERIVATIVE;
      }
    }
    return new AverageMarginalEffects.Plan(kinds, siblings);
  }

  private static Set<String> sourceColumns(ModelColumn column) {
    Set<String> sources = new HashSet<>();
    column.parts().forEach(part -> sources.addAll(part.variable().sourceColumns()));
    return sources;
  }
}
