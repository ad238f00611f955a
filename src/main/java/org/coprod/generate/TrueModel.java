package org.coprod.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The true data-generating model: two random-intercept logits,
 *
 * <pre>
 *   logit P(y_i = 1) = b0 + sum_j b_j x_ij + u_k(i) + v_m(i),   u ~ N(0, s_nbh^2), v ~ N(0, s_mun^2)
 * </pre>
 *
 * for {@code coprod_ict} and {@code coprod_traditional}, with features x on the scale coprod's
 * feature stage builds (see {@link #FEATURES}). Signs follow the barriers and enablers of the
 * systematic review (seeds/000): age, gender, language-minority status, distrust, tech anxiety
 * and fear of losing face-to-face contact hold ICT co-production back; citizen training and
 * social ties help; on the government side low budgets, untrained staff, unadapted regulation
 * and staff resistance hold it back while low-cost solutions, training and trust programmes
 * help. Demographic gaps are larger for ICT than traditional co-production (the "double
 * digital divide").
 */
final class TrueModel {

  /** One fixed-effect term with both outcomes' coefficients and its place in the review's taxonomy. */
  record Term(String name, double ict, double traditional, String featureLevel, String actor, String category) {}

  /** Coefficients of one outcome, aligned with {@link #TERMS}. */
  record Outcome(String name, double intercept, double[] coefficients, double neighbourhoodSd,
      double municipalitySd) {}

  static final List<Term> TERMS = List.of(
      new Term("age10", -0.35, -0.05, "citizen", "citizen", "demographic: age"),
      new Term("genderfemale", -0.25, 0.05, "citizen", "citizen", "demographic: gender"),
      new Term("educationmedium", 0.25, 0.10, "citizen", "citizen", "demographic: education"),
      new Term("educationhigh", 0.55, 0.20, "citizen", "citizen", "demographic: education"),
      new Term("home_languageminority", -0.45, -0.15, "citizen", "citizen",
          "ethnic, social and language differences"),
      new Term("migrant_background", -0.20, -0.10, "citizen", "citizen", "ethnic, social and language differences"),
      new Term("trust_local", 0.09, 0.07, "citizen", "citizen", "trust in government"),
      new Term("tech_anxiety", -0.30, 0.00, "citizen", "citizen", "technology anxiety"),
      new Term("digital_skills", 0.30, 0.00, "citizen", "citizen", "digital skills"),
      new Term("fear_f2f_loss", -0.20, 0.10, "citizen", "citizen", "fear of disrupting traditional interaction"),
      new Term("digital_training", 0.45, 0.05, "citizen", "citizen", "tailored technical training"),
      new Term("knows_coproducers", 0.65, 0.60, "citizen", "citizen", "social networks"),
      new Term("nbh_broadband_coverage", 1.50, 0.00, "neighbourhood", "context", "infrastructure"),
      new Term("nbh_deprivation_index", -0.15, -0.10, "neighbourhood", "context", "deprivation"),
      new Term("mun_digital_budget_per_capita", 0.08, 0.00, "municipality", "government", "finance"),
      new Term("mun_share_staff_trained", 0.90, 0.20, "municipality", "government", "staff training and skills"),
      new Term("mun_eservice_maturity", 0.12, 0.00, "municipality", "government", "technical capacity"),
      new Term("mun_regulation_adapted", 0.35, 0.00, "municipality", "government", "regulation"),
      new Term("mun_low_cost_solutions", 0.25, 0.00, "municipality", "government", "low-cost ICT solutions"),
      new Term("mun_staff_resistance", -0.30, -0.10, "municipality", "government", "staff resistance"),
      new Term("mun_trust_programme", 0.20, 0.15, "municipality", "government", "trust restoration"),
      new Term("mun_citizen_training_programme", 0.10, 0.00, "municipality", "government",
          "tailored technical training"));

  /** Variables on the right-hand side of the formula, in order (factors expand to several terms). */
  static final List<String> VARIABLES = List.of("age10", "gender", "education", "home_language",
      "migrant_background", "trust_local", "tech_anxiety", "digital_skills", "fear_f2f_loss", "digital_training",
      "knows_coproducers", "nbh_broadband_coverage", "nbh_deprivation_index", "mun_digital_budget_per_capita",
      "mun_share_staff_trained", "mun_eservice_maturity", "mun_regulation_adapted", "mun_low_cost_solutions",
      "mun_staff_resistance", "mun_trust_programme", "mun_citizen_training_programme");

  /** How each feature is built from the raw sources. */
  static final Map<String, String> FEATURES = features();

  private final Outcome ict;
  private final Outcome traditional;

  private TrueModel(Outcome ict, Outcome traditional) {
    this.ict = ict;
    this.traditional = traditional;
  }

  /**
   * The model every run uses. Intercepts are calibrated (by simulation at seed 1, 200k citizens)
   * so that about 28% co-produce through ICT and 30% traditionally.
   */
  static TrueModel standard() {
    double[] ictCoefficients = TERMS.stream().mapToDouble(Term::ict).toArray();
    double[] traditionalCoefficients = TERMS.stream().mapToDouble(Term::traditional).toArray();
    return new TrueModel(
        new Outcome("coprod_ict", ICT_INTERCEPT, ictCoefficients, 0.5, 0.3),
        new Outcome("coprod_traditional", TRADITIONAL_INTERCEPT, traditionalCoefficients, 0.45, 0.25));
  }

  static final double ICT_INTERCEPT = -3.85;
  static final double TRADITIONAL_INTERCEPT = -1.75;

  Outcome ict() {
    return ict;
  }

  Outcome traditional() {
    return traditional;
  }

  /** Feature vector of one citizen, aligned with {@link #TERMS}. */
  static double[] features(Citizen c, Geography.Neighbourhood n, Geography.Municipality m) {
    return new double[] {
      (c.age - 50) / 10.0,
      c.female ? 1 : 0,
      c.education == 1 ? 1 : 0,
      c.education == 2 ? 1 : 0,
      c.minorityLanguage ? 1 : 0,
      c.migrantBackground,
      c.trustLocal,
      c.techAnxiety,
      c.digitalSkills,
      c.fearFaceToFaceLoss,
      c.digitalTraining,
      c.knowsCoproducers,
      n.broadbandCoverage(),
      n.deprivationIndex(),
      m.digitalBudgetPerCapita(),
      m.shareStaffTrained(),
      m.eserviceMaturity(),
      m.regulationAdapted(),
      m.lowCostSolutions(),
      m.staffResistance(),
      m.trustProgramme(),
      m.citizenTrainingProgramme()
    };
  }

  /** Fixed part of the linear predictor. */
  static double linearPredictor(Outcome outcome, double[] x) {
    double eta = outcome.intercept();
    for (int j = 0; j < x.length; j++) {
      eta += outcome.coefficients()[j] * x[j];
    }
    return eta;
  }

  /** lme4 formula of an outcome. */
  static String formula(String outcome) {
    return outcome + " ~ " + String.join(" + ", VARIABLES) + " + (1 | municipality_id) + (1 | neighbourhood_id)";
  }

  /** The content of truth.json. */
  Map<String, Object> toJson(GeneratorConfig config) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("description", "True data-generating model of the synthetic population: random-intercept logits "
        + "with neighbourhoods nested in municipalities (neighbourhood ids are unique across municipalities).");
    root.put("seed", config.seed());
    root.put("citizens", config.citizens());
    root.put("neighbourhoods", config.neighbourhoods());
    root.put("municipalities", config.municipalities());
    root.put("features", FEATURES);
    Map<String, Object> coding = new LinkedHashMap<>();
    coding.put("gender", Json.object("reference", "male", "levels", List.of("male", "female")));
    coding.put("education", Json.object("reference", "low", "levels", List.of("low", "medium", "high")));
    coding.put("home_language", Json.object("reference", "majority", "levels", List.of("majority", "minority")));
    root.put("factor_coding", coding);
    root.put("models", List.of(outcomeJson(ict, true), outcomeJson(traditional, false)));
    root.put("usage_model", Json.object(
        "platform_users", "respondents plus " + PlatformModel.NON_RESPONDENTS_PER_RESPONDENT
            + " non-respondents per respondent, drawn from the same model; only respondents can be linked",
        "account", "P(account) = 0.92 if coprod_ict = 1, else 0.40 with device_access = 1, else 0.03; "
            + "P(linked | respondent with account) = 0.75",
        "events_per_account", "1 + Poisson(" + PlatformModel.EVENT_SCALE_PER_EVENT + " * events_per_citizen * "
            + "exp(0.35 * eta_ict) * (2.5 if coprod_ict = 1 else 1) * G), G ~ Gamma(shape 2, mean 1), at most "
            + PlatformModel.MAX_EVENTS_PER_ACCOUNT,
        "actions", "coprod_ict = 1: report 25%, comment 20%, vote 20%, consult 12%, follow 8%, login 15%; "
            + "otherwise report 5%, comment 3%, vote 2%, consult 30%, follow 10%, login 50%",
        "time_window", "uniform from 456 days before to 92 days after the interview date, sorted per account",
        "neighbourhood", "the account holder's neighbourhood for 90% of events, a random one otherwise"));
    return root;
  }

  private static Map<String, Object> outcomeJson(Outcome outcome, boolean ictModel) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("outcome", outcome.name());
    model.put("family", "binomial");
    model.put("link", "logit");
    model.put("formula", formula(outcome.name()));
    List<Object> fixed = new ArrayList<>();
    fixed.add(termJson("(Intercept)", outcome.intercept(), "intercept", "none", "none", "none"));
    for (int j = 0; j < TERMS.size(); j++) {
      Term term = TERMS.get(j);
      double value = outcome.coefficients()[j];
      String role = value > 0 ? "enabler" : value < 0 ? "barrier" : "no effect";
      fixed.add(termJson(term.name(), value, term.featureLevel(), term.actor(), term.category(), role));
    }
    model.put("fixed_effects", fixed);
    Map<String, Object> neighbourhood = new LinkedHashMap<>();
    neighbourhood.put("group", "neighbourhood_id");
    neighbourhood.put("term", "(Intercept)");
    neighbourhood.put("sd", outcome.neighbourhoodSd());
    Map<String, Object> municipality = new LinkedHashMap<>();
    municipality.put("group", "municipality_id");
    municipality.put("term", "(Intercept)");
    municipality.put("sd", outcome.municipalitySd());
    model.put("random_effects", List.of(municipality, neighbourhood));
    model.put("note", ictModel
        ? "Usage events follow this model's linear predictor eta (random intercepts included); see usage_model."
        : "Random intercepts are drawn independently of the ICT model's.");
    return model;
  }

  private static Map<String, Object> termJson(String term, double estimate, String level, String actor,
      String category, String role) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("term", term);
    json.put("estimate", estimate);
    json.put("feature_level", level);
    json.put("actor", actor);
    json.put("category", category);
    json.put("role", role);
    return json;
  }

  private static Map<String, String> features() {
    Map<String, String> features = new LinkedHashMap<>();
    features.put("age10", "(survey.age - 50) / 10");
    features.put("gender", "factor survey.gender, reference male; term genderfemale");
    features.put("education", "factor survey.education, reference low; terms educationmedium, educationhigh");
    features.put("home_language", "factor survey.home_language, reference majority; term home_languageminority");
    for (String name : List.of("migrant_background", "trust_local", "tech_anxiety", "digital_skills",
        "fear_f2f_loss", "digital_training", "knows_coproducers")) {
      features.put(name, "survey." + name + " as is (0/1 or integer scale)");
    }
    features.put("nbh_<column>", "neighbourhoods.<column> of the respondent's neighbourhood, unit unchanged");
    features.put("mun_<column>", "municipalities.<column> of that neighbourhood's municipality, unit unchanged");
    return features;
  }
}
