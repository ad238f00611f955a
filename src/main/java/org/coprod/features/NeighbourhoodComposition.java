package org.coprod.features;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The respondent-based composition of a neighbourhood, computed leave-one-out. A mean over all
 * respondents of the neighbourhood would contain respondent i's own answer, which correlates
 * with i's outcome by construction (and for peer co-production, is i's outcome), so for
 * respondent i each share or mean is taken over the OTHER respondents of the same
 * neighbourhood and wave:
 *
 * <pre>
 *   loo_i = (S - x_i) / (C - 1)   if x_i is known,     S / C   if x_i is missing,
 * </pre>
 *
 * with S and C the sum and count of known values in the neighbourhood and wave; null when no
 * other respondent has a value (i alone). Means are unweighted: they describe the respondents'
 * neighbours, not the population (the census columns do that).
 */
final class NeighbourhoodComposition {

  /**
   * One composition variable.
   *
   * @param name output column
   * @param source survey columns
   * @param valueSql SQL expression of the per-respondent value (null when the answer is missing)
   * @param unit unit of one step
   * @param category the review's category
   * @param role expected role
   */
  record Variable(String name, String source, String valueSql, String unit, String category, String role) {
    Variable {
      requireNonNull(name, "name is null");
      requireNonNull(valueSql, "valueSql is null");
    }
  }

  private static final String SHARE = "proportion 0-1";

  static final List<Variable> VARIABLES = List.of(
      new Variable("nbh_loo_share_65plus", "age", "CAST(age >= 65 AS DOUBLE)", SHARE, "demographics: age", "barrier"),
      new Variable("nbh_loo_share_female", "gender", "CAST(gender = 'female' AS DOUBLE)", SHARE, "demographics: gender", "barrier"),
      new Variable("nbh_loo_share_high_education", "education", "CAST(education = 'high' AS DOUBLE)", SHARE,
          "social differences: education", "enabler"),
      new Variable("nbh_loo_share_minority_language", "home_language", "CAST(home_language = 'minority' AS DOUBLE)", SHARE,
          "ethnic and language differences", "barrier"),
      new Variable("nbh_loo_mean_trust_local", "trust_local", "CAST(trust_local AS DOUBLE)", "scale point 0-10",
          "trust in government", "enabler"),
      new Variable("nbh_loo_mean_digital_skills", "digital_skills", "CAST(digital_skills AS DOUBLE)", "scale point 1-5",
          "digital skills", "enabler"),
      new Variable("nbh_loo_share_knows_coproducers", "knows_coproducers", "CAST(knows_coproducers AS DOUBLE)", SHARE,
          "collaboration between citizens", "enabler"),
      new Variable("nbh_loo_share_coprod_ict", "coprod_ict", "CAST(coprod_ict AS DOUBLE)", SHARE,
          "collaboration between citizens", "enabler"));

  private NeighbourhoodComposition() {}
}
