package org.coprod.features;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documented features: name, level, source, transformation, unit, actor, the review's
 * category and the direction the review expects. Neighbourhood features are the contract's
 * columns prefixed {@code nbh_}, municipality ones {@code mun_}, unchanged in unit.
 */
public final class FeatureCatalog {

  private static final String CITIZEN = "citizen";
  private static final String GOVERNMENT = "government";
  private static final Map<String, CatalogEntry> ENTRIES = new LinkedHashMap<>();

  static {
    citizen("age10", "age", "(age - 50) / 10", "decades from age 50", "demographics: age", "barrier");
    citizen("gender", "gender", "factor, reference male", "level", "demographics: gender", "barrier");
    citizen("education", "education", "factor, reference low", "level", "social differences: education", "enabler");
    citizen("income_band", "income_band", "factor, reference q1", "level", "social differences: income", "enabler");
    citizen("employment", "employment", "factor, reference employed", "level", "social differences: employment", null);
    citizen("migrant_background", "migrant_background", "0/1", "indicator", "ethnic and language differences", "barrier");
    citizen("home_language", "home_language", "factor, reference majority", "level", "ethnic and language differences", "barrier");
    citizen("trust_local", "trust_local", "as surveyed", "scale point 0-10", "trust in government", "enabler");
    citizen("trust_national", "trust_national", "as surveyed", "scale point 0-10", "trust in government", "enabler");
    citizen("tech_anxiety", "tech_anxiety", "as surveyed", "scale point 1-5", "worries about technology", "barrier");
    citizen("digital_skills", "digital_skills", "as surveyed", "scale point 1-5", "digital skills", "enabler");
    citizen("fear_f2f_loss", "fear_f2f_loss", "as surveyed", "scale point 1-5", "fear of losing face-to-face interaction", "barrier");
    citizen("digital_training", "digital_training", "0/1", "indicator", "tailored digital training", "enabler");
    citizen("device_access", "device_access", "0/1", "indicator", "access to technology", "enabler");
    citizen("internet_use", "internet_use", "factor, reference daily", "level", "digital skills", null);
    citizen("knows_coproducers", "knows_coproducers", "0/1", "indicator", "collaboration between citizens", "enabler");
    neighbourhood("nbh_broadband_coverage", "broadband_coverage", "share 0-1", "access to technology", "enabler");
    neighbourhood("nbh_deprivation_index", "deprivation_index", "index", "social differences: deprivation", "barrier");
    neighbourhood("nbh_median_income", "median_income", "as published", "social differences: income", "enabler");
    neighbourhood("nbh_share_65plus", "share_65plus", "share 0-1", "demographics: age", "barrier");
    neighbourhood("nbh_share_foreign_born", "share_foreign_born", "share 0-1", "ethnic and language differences", "barrier");
    neighbourhood("nbh_share_tertiary", "share_tertiary", "share 0-1", "social differences: education", "enabler");
    neighbourhood("nbh_urban", "urban", "0/1", "urbanisation", null);
    neighbourhood("nbh_population", "population", "residents", "size", null);
    municipality("mun_digital_budget_per_capita", "digital_budget_per_capita", "as published", "shortage of finance", "enabler");
    municipality("mun_share_staff_trained", "share_staff_trained", "share 0-1", "staff skills and training", "enabler");
    municipality("mun_eservice_maturity", "eservice_maturity", "as published", "e-service maturity", "enabler");
    municipality("mun_regulation_adapted", "regulation_adapted", "0/1", "regulation adapted to ICT co-production", "enabler");
    municipality("mun_low_cost_solutions", "low_cost_solutions", "0/1", "lower-cost ICT solutions", "enabler");
    municipality("mun_staff_resistance", "staff_resistance", "as published", "resistance of professional staff", "barrier");
    municipality("mun_trust_programme", "trust_programme", "0/1", "restoring trust between citizens and government", "enabler");
    municipality("mun_citizen_training_programme", "citizen_training_programme", "0/1", "tailored digital training", "enabler");
  }

  private FeatureCatalog() {}

  private static void citizen(String name, String source, String transformation, String unit, String category, String role) {
    ENTRIES.put(name, new CatalogEntry(name, FeatureLevel.CITIZEN, source, transformation, unit, CITIZEN, category, role));
  }

  private static void neighbourhood(String name, String source, String unit, String category, String role) {
    ENTRIES.put(name, new CatalogEntry(name, FeatureLevel.NEIGHBOURHOOD, "neighbourhoods." + source, "as published", unit, CITIZEN, category, role));
  }

  private static void municipality(String name, String source, String unit, String category, String role) {
    ENTRIES.put(name, new CatalogEntry(name, FeatureLevel.MUNICIPALITY, "municipalities." + source, "as published", unit, GOVERNMENT, category, role));
  }

  /** The entry for a feature (a model variable's source column), if documented. */
  public static Optional<CatalogEntry> lookup(String feature) {
    return Optional.ofNullable(ENTRIES.get(feature));
  }

  public static List<CatalogEntry> entries() {
    return List.copyOf(ENTRIES.values());
  }
}
