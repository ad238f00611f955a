package org.coprod.ingest.contract;

import static org.coprod.ingest.contract.ColumnSpec.category;
import static org.coprod.ingest.contract.ColumnSpec.flag;
import static org.coprod.ingest.contract.ColumnSpec.id;
import static org.coprod.ingest.contract.ColumnSpec.integer;
import static org.coprod.ingest.contract.ColumnSpec.real;

import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.types.DataTypes;

/**
 * The five input sources of coprod and their columns (DESIGN.md, "Inputs"). Units are chosen
 * so that a one-unit change is meaningful and fitted coefficients are of moderate size
 * (shares as proportions 0–1, money in tens or thousands of euros, indices as z-scores).
 */
public final class Contracts {

  private static final String LIKERT = "Likert points 1-5";

  /** Survey respondents: one row per respondent and wave. */
  public static final SourceContract SURVEY = new SourceContract(
      "survey",
      "respondent x wave",
      List.of("respondent_id", "wave", "neighbourhood_id", "interview_date", "weight"),
      List.of("respondent_id", "wave"),
      List.of(
          id("respondent_id", "Pseudonymous respondent identifier"),
          integer("wave", "-", 1, 99, false, "Survey wave number"),
          id("neighbourhood_id", "Neighbourhood of residence; references neighbourhoods.neighbourhood_id"),
          new ColumnSpec("interview_date", DataTypes.DateType, "date", List.of(), null, null, false,
              ColumnSpec.DATE_FORMAT, "Date of the interview"),
          real("weight", "persons represented", 0.0, null, false,
              "Sampling weight: inverse inclusion probability with non-response adjustment"),
          integer("age", "years", 15, 100, false, "Age at interview"),
          category("gender", List.of("female", "male"), false, "Gender as reported"),
          category("education", List.of("low", "medium", "high"), false,
              "Highest education: low = ISCED 0-2, medium = ISCED 3-4, high = ISCED 5-8"),
          category("income_band", List.of("q1", "q2", "q3", "q4", "q5"), true,
              "Equivalised household income quintile (q1 lowest); empty when refused"),
          category("employment", List.of("employed", "unemployed", "student", "retired", "inactive"), false,
              "Main activity"),
          flag("migrant_background", false, "1 if the respondent or a parent was born abroad"),
          category("home_language", List.of("majority", "minority"), false,
              "Language mainly spoken at home: the majority language or a minority language"),
          integer("trust_local", "points 0-10", 0, 10, false, "Trust in local government (0 = none, 10 = complete)"),
          integer("trust_national", "points 0-10", 0, 10, false,
              "Trust in national government (0 = none, 10 = complete)"),
          integer("tech_anxiety", LIKERT, 1, 5, false, "Anxiety about using digital technology (5 = very anxious)"),
          integer("digital_skills", LIKERT, 1, 5, false, "Self-assessed digital skills (5 = advanced)"),
          integer("fear_f2f_loss", LIKERT, 1, 5, false,
              "Fear that digital channels replace face-to-face contact with public services (5 = strong fear)"),
          flag("digital_training", false, "1 if the respondent received digital-skills training in the last 2 years"),
          flag("device_access", false, "1 if the respondent has a personal internet-capable device"),
          category("internet_use", List.of("daily", "weekly", "less", "never"), false, "Frequency of internet use"),
          flag("knows_coproducers", false, "1 if the respondent knows people who co-produce public services"),
          flag("coprod_ict", false,
              "Outcome: co-produced a public service through a digital channel in the last 12 months"),
          flag("coprod_traditional", false,
              "Outcome: co-produced a public service through a non-digital channel in the last 12 months")));

  /** Platform events: one row per event. */
  public static final SourceContract USAGE = new SourceContract(
      "usage",
      "event",
      List.of("event_id", "ts"),
      List.of("event_id"),
      List.of(
          id("event_id", "Event identifier, unique"),
          new ColumnSpec("account_id", DataTypes.StringType, "-", List.of(), null, null, true, null,
              "Platform account; linked to respondents through links.account_id; empty for events made without "
                  + "an account (e.g. 311 requests)"),
          new ColumnSpec("ts", DataTypes.TimestampType, "instant (UTC)", List.of(), null, null, false,
              ColumnSpec.TIMESTAMP_FORMAT, "Time of the event"),
          category("channel", List.of("app", "web", "phone", "counter", "social", "staff"), false,
              "Channel of the interaction; app, web and social are digital, phone and counter traditional; staff = "
                  + "made by staff or a system on a citizen's behalf (e.g. a city worker's app), neither a digital "
                  + "nor a traditional citizen channel"),
          new ColumnSpec("service", DataTypes.StringType, "-", List.of(), null, null, false, null,
              "Public service concerned, a snake_case code (e.g. waste_collection, street_lighting)"),
          category("action", List.of("report", "comment", "vote", "consult", "follow", "login"), false,
              "What the account did; report, comment and vote are co-production acts"),
          new ColumnSpec("neighbourhood_id", DataTypes.StringType, "-", List.of(), null, null, true, null,
              "Neighbourhood the event refers to; references neighbourhoods.neighbourhood_id")));

  /** Consented linkage of survey respondents to platform accounts. */
  public static final SourceContract LINKS = new SourceContract(
      "links",
      "respondent <-> account",
      List.of("respondent_id", "account_id"),
      List.of("respondent_id"),
      List.of(
          id("respondent_id", "References survey.respondent_id; a respondent links to at most one account"),
          id("account_id", "References usage.account_id")));

  /** Census and register data per neighbourhood. */
  public static final SourceContract NEIGHBOURHOODS = new SourceContract(
      "neighbourhoods",
      "neighbourhood",
      List.of("neighbourhood_id", "municipality_id"),
      List.of("neighbourhood_id"),
      List.of(
          id("neighbourhood_id", "Neighbourhood identifier"),
          id("municipality_id", "References municipalities.municipality_id"),
          integer("population", "persons", 1, 10_000_000, false, "Resident population"),
          real("area_km2", "km2", 0.0, 10_000.0, false, "Land area"),
          real("median_income", "thousand EUR per year", 0.0, 200.0, false,
              "Median equivalised household income"),
          real("deprivation_index", "z-score", -5.0, 5.0, false,
              "Multiple-deprivation index standardised across neighbourhoods (higher = more deprived)"),
          real("share_65plus", "proportion 0-1", 0.0, 1.0, false, "Share of residents aged 65 or over"),
          real("share_foreign_born", "proportion 0-1", 0.0, 1.0, false, "Share of residents born abroad"),
          real("share_tertiary", "proportion 0-1", 0.0, 1.0, false,
              "Share of adults with tertiary education (ISCED 5-8)"),
          real("broadband_coverage", "proportion 0-1", 0.0, 1.0, false,
              "Share of households with access to at least 100 Mbit/s broadband"),
          flag("urban", false, "1 if the neighbourhood is classified as urban")));

  /** Administrative data per municipality: the government side. */
  public static final SourceContract MUNICIPALITIES = new SourceContract(
      "municipalities",
      "municipality",
      List.of("municipality_id"),
      List.of("municipality_id"),
      List.of(
          id("municipality_id", "Municipality identifier"),
          real("digital_budget_per_capita", "tens of EUR per inhabitant per year", 0.0, 50.0, false,
              "Budget for digital services and e-participation (3.5 = EUR 35 per inhabitant)"),
          real("share_staff_trained", "proportion 0-1", 0.0, 1.0, false,
              "Share of front-line staff trained in digital co-production tools"),
          integer("eservice_maturity", "stage 1-5", 1, 5, false,
              "E-service maturity: 1 = information only ... 5 = transaction and co-design online"),
          flag("regulation_adapted", false, "1 if local regulation has been adapted to ICT-enabled co-production"),
          flag("low_cost_solutions", false, "1 if low-cost or open-source ICT solutions have been adopted"),
          real("staff_resistance", "index 1-5", 1.0, 5.0, false,
              "Staff resistance to using ICT in co-production (mean of staff-survey items, 5 = strong)"),
          flag("trust_programme", false, "1 if a programme to restore citizen-government trust is running"),
          flag("citizen_training_programme", false, "1 if the municipality runs digital training for citizens")));

  /**
   * Personal-data columns that raw survey files may carry. They are not part of the contract:
   * ingest drops them (date_of_birth only after deriving age), and no output may contain them.
   */
  public static final List<String> PERSONAL_DATA_COLUMNS =
      List.of("full_name", "email", "phone", "date_of_birth", "street_address", "postcode");

  private Contracts() {}

  /** All sources, in dependency order (referenced tables last). */
  public static List<SourceContract> all() {
    return List.of(SURVEY, USAGE, LINKS, NEIGHBOURHOODS, MUNICIPALITIES);
  }

  /** The source of that name. */
  public static SourceContract byName(String name) {
    return all().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("unknown source: " + name + " (known: survey, usage, links, "
            + "neighbourhoods, municipalities)"));
  }
}
