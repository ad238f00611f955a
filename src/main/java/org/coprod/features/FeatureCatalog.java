package org.coprod.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/**
 * The documented features: name, level, source, transformation, unit, actor, the review's
 * category and the direction the review expects. It is also the single list of the feature
 * columns: {@link FeatureStage} selects the citizens table in catalog order, and the generated
 * section of {@code data/README.md} is rendered from it, so code, data and documentation agree.
 * Neighbourhood census features are the contract's columns prefixed {@code nbh_}, municipality
 * ones {@code mun_}, unchanged in unit.
 */
public final class FeatureCatalog {

  private static final String CITIZEN = "citizen";
  private static final String SURVEY = "survey.";
  private static final String GOVERNMENT = "government";
  private static final String AS_SURVEYED = "as surveyed";
  private static final String AS_PUBLISHED = "as published";
  private static final String INDICATOR = "indicator 0/1";
  private static final String ICT_USE = "ICT use: platform activity";
  private static final Map<String, CatalogEntry> ENTRIES = new LinkedHashMap<>();

  /** Review category and expected role of each census column (the contract gives unit and meaning). */
  private static final Map<String, String[]> CENSUS = Map.of(
      "population", new String[] {"neighbourhood size", null},
      "area_km2", new String[] {"neighbourhood size", null},
      "median_income", new String[] {"social differences: income", "enabler"},
      "deprivation_index", new String[] {"social differences: deprivation", "barrier"},
      "share_65plus", new String[] {"demographics: age", "barrier"},
      "share_foreign_born", new String[] {"ethnic and language differences", "barrier"},
      "share_tertiary", new String[] {"social differences: education", "enabler"},
      "broadband_coverage", new String[] {"access to technology", "enabler"},
      "urban", new String[] {"urbanisation", null});

  private static final Map<String, String[]> GOVERNMENT_SIDE = Map.of(
      "digital_budget_per_capita", new String[] {"shortage of finance", "enabler"},
      "share_staff_trained", new String[] {"staff skills and training", "enabler"},
      "eservice_maturity", new String[] {"technical capacity: e-service maturity", "enabler"},
      "regulation_adapted", new String[] {"regulation adapted to ICT co-production", "enabler"},
      "low_cost_solutions", new String[] {"lower-cost ICT solutions", "enabler"},
      "staff_resistance", new String[] {"resistance of professional staff", "barrier"},
      "trust_programme", new String[] {"restoring trust between citizens and government", "enabler"},
      "citizen_training_programme", new String[] {"tailored digital training", "enabler"});

  static {
    citizen("age10", "age", "(age - 50) / 10", "decades from age 50", "demographics: age", "barrier");
    factor("gender", "male", "demographics: gender", "barrier");
    factor("education", "low", "social differences: education", "enabler");
    factor("income_band", "q1", "social differences: income", "enabler");
    factor("employment", "employed", "social differences: employment", null);
    citizen("migrant_background", "migrant_background", AS_SURVEYED, INDICATOR, "ethnic and language differences", "barrier");
    factor("home_language", "majority", "ethnic and language differences", "barrier");
    citizen("trust_local", "trust_local", AS_SURVEYED, "scale point 0-10", "trust in government", "enabler");
    citizen("trust_national", "trust_national", AS_SURVEYED, "scale point 0-10", "trust in government", "enabler");
    citizen("tech_anxiety", "tech_anxiety", AS_SURVEYED, "scale point 1-5", "worries about technology", "barrier");
    citizen("digital_skills", "digital_skills", AS_SURVEYED, "scale point 1-5", "digital skills", "enabler");
    citizen("fear_f2f_loss", "fear_f2f_loss", AS_SURVEYED, "scale point 1-5", "fear of losing face-to-face interaction", "barrier");
    citizen("digital_training", "digital_training", AS_SURVEYED, INDICATOR, "tailored digital training", "enabler");
    citizen("device_access", "device_access", AS_SURVEYED, INDICATOR, "access to technology", "enabler");
    factor("internet_use", "daily", "digital skills", "barrier");
    citizen("knows_coproducers", "knows_coproducers", AS_SURVEYED, INDICATOR, "collaboration between citizens", "enabler");

    String window = "events of the linked account on the window_days days before the interview day (interview day excluded)";
    usage("usage_linked", "links.respondent_id", "1 if the respondent consented and is linked to a platform account, else 0 (then the usage counts are 0)", INDICATOR, "linked platform account", null);
    usage("usage_events", "usage.event_id", "number of " + window, "events", ICT_USE, "enabler");
    usage("log_events", "usage.event_id", "log1p(usage_events)", "log(1 + events)", ICT_USE, "enabler");
    usage("usage_active_days", "usage.ts", "distinct UTC days with an event among " + window, "days", ICT_USE, "enabler");
    usage("usage_digital_share", "usage.channel", "share of app, web and social events among " + window + ", staff-made events left out; 0 without events", "proportion 0-1", "digital channel use", "enabler");
    usage("usage_services", "usage.service", "distinct services among " + window, "services", ICT_USE, "enabler");
    usage("usage_collaborative", "usage.action", "comment and vote events among " + window, "events", "collaboration between citizens", "enabler");
    usage("usage_days_since_last", "usage.ts", "interview day minus the day of the last event in the window (1 = the day before); window_days + 1 without events", "days", ICT_USE, "barrier");

    census(Contracts.NEIGHBOURHOODS);
    neighbourhood("nbh_active_accounts_per_1000", "usage.account_id, usage.neighbourhood_id, neighbourhoods.population",
        "1000 * distinct accounts with an event referring to the neighbourhood in the window_days days before the wave's first interview day / population",
        "accounts per 1000 residents", ICT_USE, "enabler");
    neighbourhood("nbh_reports_per_1000", "usage.action, usage.neighbourhood_id, neighbourhoods.population",
        "1000 * report events referring to the neighbourhood in the window_days days before the wave's first interview day / population",
        "reports per 1000 residents", "collaboration between citizens", "enabler");
    neighbourhood("nbh_respondents", "survey.respondent_id", "respondents of the neighbourhood in the wave", "respondents", "survey coverage", null);
    for (NeighbourhoodComposition.Variable v : NeighbourhoodComposition.VARIABLES) {
      neighbourhood(v.name(), "survey." + v.source(), "leave-one-out mean of " + v.valueSql()
          + " over the other respondents of the neighbourhood and wave; null when alone", v.unit(), v.category(), v.role());
    }
    municipalities(Contracts.MUNICIPALITIES);
  }

  private FeatureCatalog() {}

  private static void put(CatalogEntry entry) {
    if (ENTRIES.put(entry.name(), entry) != null) {
      throw new IllegalStateException("duplicate feature " + entry.name());
    }
  }

  private static void citizen(String name, String source, String transformation, String unit, String category, String role) {
    put(new CatalogEntry(name, FeatureLevel.CITIZEN, SURVEY + source, transformation, unit, CITIZEN, category, role, null));
  }

  private static void factor(String name, String reference, String category, String role) {
    put(new CatalogEntry(name, FeatureLevel.CITIZEN, SURVEY + name, "factor, reference " + reference, "level", CITIZEN, category, role, reference));
  }

  private static void usage(String name, String source, String transformation, String unit, String category, String role) {
    put(new CatalogEntry(name, FeatureLevel.CITIZEN, source, transformation, unit, CITIZEN, category, role, null));
  }

  private static void neighbourhood(String name, String source, String transformation, String unit, String category, String role) {
    put(new CatalogEntry(name, FeatureLevel.NEIGHBOURHOOD, source, transformation, unit, CITIZEN, category, role, null));
  }

  private static void census(SourceContract source) {
    for (ColumnSpec column : source.columns()) {
      String[] meaning = CENSUS.get(column.name());
      if (meaning != null) {
        put(new CatalogEntry("nbh_" + column.name(), FeatureLevel.NEIGHBOURHOOD, source.name() + "." + column.name(), AS_PUBLISHED,
            column.unit(), CITIZEN, meaning[0], meaning[1], null));
      } else if (!source.keyColumns().contains(column.name())) {
        throw new IllegalStateException("census column " + column.name() + " has no catalog category");
      }
    }
  }

  private static void municipalities(SourceContract source) {
    for (ColumnSpec column : source.columns()) {
      String[] meaning = GOVERNMENT_SIDE.get(column.name());
      if (meaning != null) {
        put(new CatalogEntry("mun_" + column.name(), FeatureLevel.MUNICIPALITY, source.name() + "." + column.name(), AS_PUBLISHED,
            column.unit(), GOVERNMENT, meaning[0], meaning[1], null));
      } else if (!source.keyColumns().contains(column.name())) {
        throw new IllegalStateException("municipality column " + column.name() + " has no catalog category");
      }
    }
  }

  /**
   * The entry for a feature (a model variable's source column), if documented. Besides the
   * built-in features this knows the columns that spec options add: {@code <x>_missing}
   * indicators and {@code <x>_mean_<group>} group means.
   */
  public static Optional<CatalogEntry> lookup(String feature) {
    CatalogEntry entry = ENTRIES.get(feature);
    if (entry != null) {
      return Optional.of(entry);
    }
    if (feature.endsWith("_missing")) {
      String base = feature.substring(0, feature.length() - "_missing".length());
      if (missingIndicatorCandidates().contains(base)) {
        return Optional.of(missingIndicator(ENTRIES.get(base)));
      }
    }
    for (String group : FeatureOptions.GROUP_COLUMNS) {
      String suffix = "_mean_" + group;
      if (feature.endsWith(suffix)) {
        String base = feature.substring(0, feature.length() - suffix.length());
        if (centrableFeatures().contains(base)) {
          return Optional.of(groupMean(ENTRIES.get(base), group));
        }
      }
    }
    return Optional.empty();
  }

  /** The built-in features, in the column order of the citizens table. */
  public static List<CatalogEntry> entries() {
    return List.copyOf(ENTRIES.values());
  }

  /**
   * The features a run with these options builds, in the column order of the citizens table:
   * centred features say so in their transformation, {@code <x>_missing} follows {@code x},
   * group means follow the feature they belong to.
   */
  public static List<CatalogEntry> entries(FeatureOptions options) {
    List<CatalogEntry> out = new ArrayList<>();
    for (CatalogEntry entry : ENTRIES.values()) {
      Centring centring = options.centringOf(entry.name());
      out.add(centring.kind() == Centring.Kind.NONE ? entry : entry.withTransformation(entry.transformation() + "; " + centring.describe(entry.name())));
      if (options.missingIndicators().contains(entry.name())) {
        out.add(missingIndicator(entry));
      }
      if (centring.kind() == Centring.Kind.GROUP) {
        out.add(groupMean(entry, centring.group()));
      }
    }
    return out;
  }

  /** Declared reference level of every factor feature (for the model's treatment coding). */
  public static Map<String, String> referenceLevels() {
    Map<String, String> levels = new LinkedHashMap<>();
    ENTRIES.values().stream().filter(CatalogEntry::isFactor).forEach(e -> levels.put(e.name(), e.referenceLevel()));
    return levels;
  }

  /** Numeric features of the citizens table: the ones centring may apply to. */
  public static List<String> centrableFeatures() {
    return ENTRIES.values().stream().filter(e -> !e.isFactor()).map(CatalogEntry::name).toList();
  }

  /** Features taken from one survey answer: the ones a missing indicator may code. */
  public static List<String> missingIndicatorCandidates() {
    return ENTRIES.values().stream()
        .filter(e -> e.level() == FeatureLevel.CITIZEN && e.sourceColumns().startsWith(SURVEY)
            && Contracts.SURVEY.column(e.sourceColumns().substring(SURVEY.length())).isPresent())
        .map(CatalogEntry::name)
        .toList();
  }

  private static CatalogEntry missingIndicator(CatalogEntry base) {
    String fill = base.isFactor() ? "the reference level " + base.referenceLevel() : "0";
    return new CatalogEntry(base.name() + "_missing", base.level(), base.sourceColumns(),
        "1 if " + base.name() + " is missing (then " + base.name() + " is set to " + fill + "), else 0",
        INDICATOR, base.actor(), base.category() + ": item non-response", null, null);
  }

  private static CatalogEntry groupMean(CatalogEntry base, String group) {
    FeatureLevel level = group.equals("municipality_id") ? FeatureLevel.MUNICIPALITY : FeatureLevel.NEIGHBOURHOOD;
    return new CatalogEntry(Centring.groupMeanColumn(base.name(), group), level, base.sourceColumns(),
        "mean of " + base.name() + " over the citizen rows of the " + group + " (between part of the group-mean centring)",
        base.unit(), base.actor(), base.category(), base.expectedRole(), null);
  }
}
