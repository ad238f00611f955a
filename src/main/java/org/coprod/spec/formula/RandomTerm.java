package org.coprod.spec.formula;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A random-effects term {@code (effects | grouping)} of lme4 syntax. Nested grouping
 * {@code (1 | a/b)} is expanded at parse time into {@code (1 | a)} and {@code (1 | a:b)}.
 * The estimators support random intercepts only; callers check {@link #isRandomIntercept()}
 * and reject the others naming {@link #label()}.
 *
 * @param intercept whether the term has a random intercept ({@code 1}, implicit unless {@code 0} or {@code -1})
 * @param effects random slopes (fixed-effect-like terms on the left of the bar)
 * @param grouping columns whose interaction defines the groups, e.g. {@code [a, b]} for {@code a:b}
 * @param uncorrelated {@code ||} instead of {@code |}
 */
public record RandomTerm(boolean intercept, List<Term> effects, List<String> grouping, boolean uncorrelated) {

  public RandomTerm {
    effects = List.copyOf(effects);
    grouping = List.copyOf(grouping);
    grouping.forEach(g -> requireNonNull(g, "grouping column is null"));
    if (grouping.isEmpty()) {
      throw new IllegalArgumentException("a random term needs a grouping factor");
    }
    if (!intercept && effects.isEmpty()) {
      throw new IllegalArgumentException("a random term needs an intercept or a slope");
    }
  }

  /** {@code (1 | g)}: the only kind the estimators fit for now. */
  public boolean isRandomIntercept() {
    return intercept && effects.isEmpty();
  }

  /** The grouping factor's name as lme4 prints it: {@code g}, or {@code a:b} for an interaction. */
  public String groupingLabel() {
    return grouping.stream().map(g -> new Expr.Name(g, 0).deparse()).collect(Collectors.joining(":"));
  }

  /** The term as written in lme4 syntax, e.g. {@code (0 + x | g)}. */
  public String label() {
    String left;
    if (effects.isEmpty()) {
      left = intercept ? "1" : "0";
    } else {
      String slopes = effects.stream().map(Term::label).collect(Collectors.joining(" + "));
      left = intercept ? slopes : "0 + " + slopes;
    }
    return "(" + left + (uncorrelated ? " || " : " | ") + groupingLabel() + ")";
  }

  @Override
  public String toString() {
    return label();
  }
}
