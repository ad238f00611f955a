package org.coprod.spec.formula;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A fixed-effect term: a main effect (one variable) or an interaction. Variables are in R's
 * variable order (first appearance in the formula), which is how R names an interaction:
 * {@code y ~ b:a + a} has the term {@code b:a}.
 *
 * @param variables the variables, at least one, in R's order
 */
public record Term(List<Variable> variables) {

  public Term {
    variables = List.copyOf(variables);
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("a term needs at least one variable");
    }
  }

  /** R's term label, e.g. {@code age:urban}. */
  public String label() {
    return variables.stream().map(Variable::label).collect(Collectors.joining(":"));
  }

  /** Interaction order: 1 for a main effect. */
  public int order() {
    return variables.size();
  }

  @Override
  public String toString() {
    return label();
  }
}
