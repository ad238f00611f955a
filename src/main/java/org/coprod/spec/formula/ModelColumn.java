package org.coprod.spec.formula;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One column of the model matrix: its R name, the term it belongs to, and the product of
 * parts that computes it ({@code age:urbanY} = age × [urban = Y]). The intercept has no parts.
 *
 * @param name R's column name, as {@code colnames(model.matrix(...))}
 * @param term the term label, {@code (Intercept)} for the intercept
 * @param parts one part per variable of the term, in the term's variable order
 */
public record ModelColumn(String name, String term, List<Part> parts) {

  /** Name and term label of the intercept column. */
  public static final String INTERCEPT = "(Intercept)";

  /**
   * A factor of the column's product.
   *
   * @param variable the variable
   * @param level the factor level this part indicates, or {@code null} for a numeric variable (its value)
   */
  public record Part(Variable variable, String level) {
    public Part {
      requireNonNull(variable, "variable is null");
    }

    /** Whether the part is an indicator of a factor level. */
    public boolean isIndicator() {
      return level != null;
    }
  }

  public ModelColumn {
    requireNonNull(name, "name is null");
    requireNonNull(term, "term is null");
    parts = List.copyOf(parts);
  }

  /** Whether this is the intercept column. */
  public boolean isIntercept() {
    return parts.isEmpty();
  }

  /** Labels of the variables involved, e.g. {@code [age, urban]}. */
  public Set<String> variables() {
    return parts.stream().map(p -> p.variable().label()).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }
}
