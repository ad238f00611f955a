package org.coprod.features;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feature stage: clean, typed sources in; model-ready citizen, neighbourhood and
 * municipality tables, the feature catalog and missing counts out (issue 5).
 *
 * <pre>
 *   survey ─ recode ─ leave-one-out composition ─ missing indicators ─┐
 *   links ⋈ usage (12-month window, one shuffle of events by account) ─┤ left joins on (respondent, wave),
 *   neighbourhoods × waves + penetration ─────────────────────────────┤ (neighbourhood, wave), municipality
 *   municipalities ──────────────────────────────────────────────────┘ ─ centring ─ catalog column order
 * </pre>
 *
 * Everything is lazy except the grand means of grand-centred features (one small aggregate).
 * No row-level data goes to the driver.
 */
public final class FeatureStage {

  private static final Logger LOG = LoggerFactory.getLogger(FeatureStage.class);

  /** Schema of the catalog table. */
  public static final StructType CATALOG_SCHEMA = new StructType()
      .add("name", DataTypes.StringType, false)
      .add("level", DataTypes.StringType, false)
      .add("source_columns", DataTypes.StringType, false)
      .add("transformation", DataTypes.StringType, false)
      .add("unit", DataTypes.StringType, false)
      .add("actor", DataTypes.StringType, false)
      .add("category", DataTypes.StringType, false)
      .add("expected_role", DataTypes.StringType, true)
      .add("reference_level", DataTypes.StringType, true);

  private FeatureStage() {}

  /**
   * Builds the feature tables.
   *
   * @throws IllegalArgumentException when an input lacks a contract column or has another type
   */
  public static FeatureResult build(SparkSession spark, FeatureInputs inputs, FeatureOptions options) {
    checkContract(Contracts.SURVEY, inputs.survey());
    inputs.usage().ifPresent(u -> checkContract(Contracts.USAGE, u));
    inputs.links().ifPresent(l -> checkContract(Contracts.LINKS, l));
    checkContract(Contracts.NEIGHBOURHOODS, inputs.neighbourhoods());
    checkContract(Contracts.MUNICIPALITIES, inputs.municipalities());
    long started = System.nanoTime();

    Dataset<Row> citizens = CitizenFeatures.recode(inputs.survey());
    citizens = NeighbourhoodFeatures.leaveOneOut(citizens);
    citizens = CitizenFeatures.missingIndicators(citizens, options);
    Dataset<Row> linked = inputs.hasLinkedUsage()
        ? UsageFeatures.linked(inputs.survey(), inputs.usage().orElseThrow(), inputs.links().orElseThrow(), options.windowDays())
        : null;
    citizens = UsageFeatures.fill(citizens, linked, options.windowDays());
    Dataset<Row> census = NeighbourhoodFeatures.census(inputs.neighbourhoods(), inputs.tables());
    List<String> neighbourhoodDeclared = NeighbourhoodFeatures.declaredColumns(inputs.neighbourhoods(), inputs.tables());
    // Penetration needs events only, not the linkage: a city's 311 log without a survey has it too.
    Optional<Dataset<Row>> penetrationEvents = inputs.surveyPresent() && !inputs.hasLinkedUsage() ? Optional.empty() : inputs.usage();
    Dataset<Row> neighbourhoods = NeighbourhoodFeatures.table(census, neighbourhoodDeclared, inputs.survey(),
        NeighbourhoodFeatures.waves(inputs.survey(), inputs.surveyPresent()), penetrationEvents, options.windowDays());
    Dataset<Row> municipalities = MunicipalityFeatures.table(inputs.municipalities(), inputs.tables());
    List<String> municipalityDeclared = MunicipalityFeatures.declaredColumns(inputs.municipalities(), inputs.tables());
    citizens = citizens
        .join(neighbourhoods, new String[] {"neighbourhood_id", "wave"}, "left")
        .join(municipalities, new String[] {"municipality_id"}, "left");
    citizens = CentringStep.apply(citizens, options);
    List<String> surveyExtras = ExtraColumns.names(inputs.survey(), Contracts.SURVEY);
    List<String> columns = new ArrayList<>(citizenColumns(options));
    columns.addAll(surveyExtras);
    columns.addAll(neighbourhoodDeclared);
    columns.addAll(municipalityDeclared);
    citizens = citizens.select(columns.stream().map(c -> col(c)).toArray(Column[]::new));
    Optional<Dataset<Row>> events = inputs.usage().map(usage -> EventFeatures.table(usage, census, municipalities));

    List<CatalogEntry> declared = DeclaredFeatures.entries(inputs, surveyExtras, neighbourhoodDeclared, municipalityDeclared);
    LOG.info("features: planned citizens ({} columns), neighbourhoods, municipalities{} in {} ms",
        citizens.columns().length, events.isPresent() ? ", events" : "", (System.nanoTime() - started) / 1_000_000);
    return new FeatureResult(citizens, neighbourhoods, municipalities, events, catalog(spark, options, declared),
        MissingCounts.of(citizens, options));
  }

  /** Columns of the citizens table in order: keys, outcomes, then the catalog's features. */
  public static List<String> citizenColumns(FeatureOptions options) {
    List<String> columns = new ArrayList<>(CitizenFeatures.KEYS);
    columns.addAll(CitizenFeatures.OUTCOMES);
    FeatureCatalog.entries(options).forEach(e -> columns.add(e.name()));
    return columns;
  }

  /** The catalog of a run with these options as a (small, driver-built) Dataset. */
  public static Dataset<Row> catalog(SparkSession spark, FeatureOptions options) {
    return catalog(spark, options, List.of());
  }

  /** The catalog of the built-in features with these options, then the job's declared ones. */
  static Dataset<Row> catalog(SparkSession spark, FeatureOptions options, List<CatalogEntry> declared) {
    List<Row> rows = new ArrayList<>();
    List<CatalogEntry> entries = new ArrayList<>(FeatureCatalog.entries(options));
    entries.addAll(declared);
    for (CatalogEntry e : entries) {
      rows.add(RowFactory.create(e.name(), e.level().label(), e.sourceColumns(), e.transformation(), e.unit(), e.actor(),
          e.category(), e.expectedRole(), e.referenceLevel()));
    }
    return spark.createDataFrame(rows, CATALOG_SCHEMA);
  }

  /** Fails naming the source and column when a contract column is absent or differently typed. */
  static void checkContract(SourceContract contract, Dataset<Row> data) {
    StructType schema = data.schema();
    Set<String> present = new TreeSet<>(List.of(schema.fieldNames()));
    for (ColumnSpec column : contract.columns()) {
      if (!present.contains(column.name())) {
        throw new IllegalArgumentException(contract.name() + ": column " + column.name() + " is missing (has: " + present + ")");
      }
      var type = schema.apply(column.name()).dataType();
      if (!type.equals(column.type())) {
        throw new IllegalArgumentException(contract.name() + "." + column.name() + ": type " + type.simpleString()
            + ", the contract says " + column.type().simpleString());
      }
    }
  }

  /** The declared reference level per factor, for a model spec's {@code references}. */
  public static Map<String, String> referenceLevels() {
    return FeatureCatalog.referenceLevels();
  }
}
