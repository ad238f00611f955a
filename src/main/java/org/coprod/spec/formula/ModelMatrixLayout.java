package org.coprod.spec.formula;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The columns of R's {@code model.matrix} for a formula once the factor levels are known.
 *
 * <p>Coding follows R's {@code terms.formula}/{@code model.matrix} (stats' {@code model.c}):
 * a factor F in term T is coded by treatment contrasts (levels 2..k, the first level is the
 * reference) when T without F is empty or is contained in a term that precedes T;
 * otherwise by full dummy coding (all k levels), e.g. {@code ~ x:f} without {@code f}.
 * Without an intercept, the first factor of the first term that has one is fully coded
 * ({@code ~ 0 + f} gives one column per level). Columns of a term are the products of its
 * variables' columns with the first variable varying fastest, named by joining the parts
 * with {@code :}; a factor part is the variable label followed by the level.
 */
public final class ModelMatrixLayout {

  private ModelMatrixLayout() {}

  /**
   * Lays out the model-matrix columns.
   *
   * @param formula the parsed formula
   * @param factorLevels levels (reference first) of each variable that is a factor, keyed by
   *     variable label; variables absent from the map are numeric
   * @throws IllegalArgumentException when a factor coded by contrasts has fewer than two levels
   */
  public static List<ModelColumn> columns(Formula formula, Map<String, List<String>> factorLevels) {
    List<ModelColumn> columns = new ArrayList<>();
    if (formula.intercept()) {
      columns.add(new ModelColumn(ModelColumn.INTERCEPT, ModelColumn.INTERCEPT, List.of()));
    }
    List<Term> terms = formula.terms();
    Variable fullyCodedWithoutIntercept = null;
    int fullyCodedTerm = -1;
    if (!formula.intercept()) {
      // R's model.c: the first factor (in variable order) of the first term containing one.
      search:
      for (int t = 0; t < terms.size(); t++) {
        for (Variable variable : formula.variables()) {
          if (terms.get(t).variables().contains(variable) && factorLevels.containsKey(variable.label())) {
            fullyCodedWithoutIntercept = variable;
            fullyCodedTerm = t;
            break search;
          }
        }
      }
    }
    for (int t = 0; t < terms.size(); t++) {
      Term term = terms.get(t);
      List<List<ModelColumn.Part>> perVariable = new ArrayList<>();
      for (Variable variable : term.variables()) {
        List<String> levels = factorLevels.get(variable.label());
        if (levels == null) {
          perVariable.add(List.of(new ModelColumn.Part(variable, null)));
          continue;
        }
        boolean full = (t == fullyCodedTerm && variable.equals(fullyCodedWithoutIntercept)) || !marginPresent(terms, t, variable);
        if (!full && levels.size() < 2) {
          throw new IllegalArgumentException("factor " + variable.label() + " has " + levels.size()
              + " level(s) " + levels + " in the data used: contrasts need at least two");
        }
        List<ModelColumn.Part> parts = new ArrayList<>();
        for (String level : full ? levels : levels.subList(1, levels.size())) {
          parts.add(new ModelColumn.Part(variable, level));
        }
        perVariable.add(parts);
      }
      for (List<ModelColumn.Part> combination : product(perVariable)) {
        StringBuilder name = new StringBuilder();
        for (ModelColumn.Part part : combination) {
          if (name.length() > 0) {
            name.append(':');
          }
          name.append(part.variable().label());
          if (part.isIndicator()) {
            name.append(part.level());
          }
        }
        columns.add(new ModelColumn(name.toString(), term.label(), combination));
      }
    }
    return columns;
  }

  /** R's TermCode: is T without F empty, or a subset of a preceding term? */
  private static boolean marginPresent(List<Term> terms, int index, Variable variable) {
    Set<Variable> margin = new HashSet<>(terms.get(index).variables());
    margin.remove(variable);
    if (margin.isEmpty()) {
      return true;
    }
    for (int t = 0; t < index; t++) {
      if (terms.get(t).variables().containsAll(margin)) {
        return true;
      }
    }
    return false;
  }

  /** Cartesian product with the first list varying fastest, as R's model.matrix. */
  private static List<List<ModelColumn.Part>> product(List<List<ModelColumn.Part>> lists) {
    List<List<ModelColumn.Part>> result = new ArrayList<>();
    result.add(new ArrayList<>());
    for (List<ModelColumn.Part> options : lists) {
      List<List<ModelColumn.Part>> next = new ArrayList<>();
      for (ModelColumn.Part option : options) {
        for (List<ModelColumn.Part> prefix : result) {
          List<ModelColumn.Part> extended = new ArrayList<>(prefix);
          extended.add(option);
          next.add(extended);
        }
      }
      result = next;
    }
    return result;
  }
}
