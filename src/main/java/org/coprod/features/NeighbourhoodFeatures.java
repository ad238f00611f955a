package org.coprod.features;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;

/**
 * Neighbourhood-level features: census covariates ({@code nbh_} prefix, unchanged in unit),
 * usage penetration, respondent counts, and the leave-one-out composition of the respondents
 * ({@link NeighbourhoodComposition}).
 *
 * <p>The neighbourhoods table has one row per neighbourhood and wave (every census
 * neighbourhood, every wave of the survey), because respondents and platform activity are
 * counted per wave. Penetration counts the events referring to the neighbourhood in the
 * {@code window_days} days before the wave's first interview day, so that no interview of the
 * wave is preceded by usage counted after it. Without usage data the penetration columns are
 * null (unknown, not zero). A job without a survey has one row per neighbourhood, wave 0, whose
 * penetration counts every event.
 */
final class NeighbourhoodFeatures {

  private NeighbourhoodFeatures() {}

  /** Census columns with their {@code nbh_} names. */
  static List<Column> censusColumns() {
    List<Column> columns = new ArrayList<>();
    for (ColumnSpec column : Contracts.NEIGHBOURHOODS.columns()) {
      if (!Contracts.NEIGHBOURHOODS.keyColumns().contains(column.name())) {
        columns.add(col(column.name()).as("nbh_" + column.name()));
      }
    }
    return columns;
  }

  /**
   * One row per neighbourhood: neighbourhood_id, municipality_id, the {@code nbh_} census
   * columns, then the job's own area columns ({@link #declaredColumns}) in their order.
   */
  static Dataset<Row> census(Dataset<Row> neighbourhoods, List<AttachedTable> tables) {
    List<Column> census = new ArrayList<>(List.of(col("neighbourhood_id"), col("municipality_id")));
    census.addAll(censusColumns());
    for (String extra : ExtraColumns.names(neighbourhoods, Contracts.NEIGHBOURHOODS)) {
      census.add(col(extra).as("nbh_" + extra));
    }
    return AttachedTables.join(neighbourhoods.select(census.toArray(Column[]::new)), tables, FeatureLevel.NEIGHBOURHOOD);
  }

  /** Names of the job's own neighbourhood features: nbh_ + extra columns, then attached tables' columns. */
  static List<String> declaredColumns(Dataset<Row> neighbourhoods, List<AttachedTable> tables) {
    List<String> names = new ArrayList<>();
    ExtraColumns.names(neighbourhoods, Contracts.NEIGHBOURHOODS).forEach(e -> names.add("nbh_" + e));
    names.addAll(AttachedTables.featureNames(tables, FeatureLevel.NEIGHBOURHOOD));
    return names;
  }

  /**
   * The waves the neighbourhood rows are counted by: each survey wave with its first interview
   * day; without a survey, one row {@code wave = 0} with no reference day, whose penetration
   * counts every event.
   */
  static Dataset<Row> waves(Dataset<Row> survey, boolean surveyPresent) {
    if (surveyPresent) {
      return survey.groupBy(col("wave")).agg(min(unix_date(col("interview_date"))).as("reference_day"));
    }
    return survey.sparkSession().range(1).select(lit(NO_SURVEY_WAVE).as("wave"), lit(null).cast("int").as("reference_day"));
  }

  /** The wave of neighbourhood rows in a job without a survey. */
  static final int NO_SURVEY_WAVE = 0;

  /**
   * neighbourhood_id, municipality_id, wave, nbh_ census columns, penetration, nbh_respondents,
   * then the declared columns.
   */
  static Dataset<Row> table(Dataset<Row> census, List<String> declared, Dataset<Row> survey, Dataset<Row> waves,
      Optional<Dataset<Row>> usage, int windowDays) {
    Dataset<Row> base = census.crossJoin(broadcast(waves));
    Dataset<Row> respondents = survey.groupBy(col("neighbourhood_id"), col("wave")).agg(count(lit(1)).as("nbh_respondents"));
    Dataset<Row> joined = base.join(respondents, new String[] {"neighbourhood_id", "wave"}, "left")
        .withColumn("nbh_respondents", coalesce(col("nbh_respondents"), lit(0L)));
    if (usage.isPresent()) {
      joined = joined
          .join(penetration(usage.get(), waves, windowDays), new String[] {"neighbourhood_id", "wave"}, "left")
          .withColumn("nbh_active_accounts_per_1000",
              coalesce(col("active_accounts"), lit(0L)).multiply(lit(1000.0)).divide(col("nbh_population")))
          .withColumn("nbh_reports_per_1000", coalesce(col("reports"), lit(0L)).multiply(lit(1000.0)).divide(col("nbh_population")));
    } else {
      joined = joined
          .withColumn("nbh_active_accounts_per_1000", lit(null).cast("double"))
          .withColumn("nbh_reports_per_1000", lit(null).cast("double"));
    }
    List<Column> out = new ArrayList<>(List.of(col("neighbourhood_id"), col("municipality_id"), col("wave")));
    for (CatalogEntry entry : FeatureCatalog.entries()) {
      if (entry.level() == FeatureLevel.NEIGHBOURHOOD && !entry.name().startsWith("nbh_loo_")) {
        out.add(col(entry.name()));
      }
    }
    declared.forEach(name -> out.add(col(name)));
    return joined.select(out.toArray(Column[]::new));
  }

  /**
   * Distinct active accounts and report events per neighbourhood and wave. The events are
   * matched to the few waves by a broadcast range join and aggregated map-side first, so only
   * (neighbourhood, wave, account) partial rows are shuffled, not events.
   */
  private static Dataset<Row> penetration(Dataset<Row> usage, Dataset<Row> waves, int windowDays) {
    Dataset<Row> events = usage
        .where(col("neighbourhood_id").isNotNull())
        .select(col("neighbourhood_id"), col("account_id"), UsageFeatures.eventDay(col("ts")).as("event_day"),
            when(col("action").equalTo("report"), lit(1L)).otherwise(lit(0L)).as("report"));
    Column inWindow = col("reference_day").isNull().or(col("event_day").lt(col("reference_day"))
        .and(col("event_day").geq(col("reference_day").minus(lit(windowDays)))));
    // Events without an account (anonymous requests) count as reports but not as active accounts.
    return events.join(broadcast(waves), inWindow)
        .groupBy(col("neighbourhood_id"), col("wave"), col("account_id"))
        .agg(sum(col("report")).as("reports"))
        .groupBy(col("neighbourhood_id"), col("wave"))
        .agg(count(col("account_id")).as("active_accounts"), sum(col("reports")).as("reports"));
  }

  /**
   * Adds the leave-one-out composition columns to the recoded survey rows (before missing
   * values are imputed, so that imputed values never enter a neighbour's mean).
   */
  static Dataset<Row> leaveOneOut(Dataset<Row> citizens) {
    WindowSpec sameNeighbourhoodAndWave = Window.partitionBy(col("neighbourhood_id"), col("wave"));
    Map<String, Column> composition = new LinkedHashMap<>();
    for (NeighbourhoodComposition.Variable v : NeighbourhoodComposition.VARIABLES) {
      Column x = expr(v.valueSql());
      Column total = sum(x).over(sameNeighbourhoodAndWave);
      Column known = count(x).over(sameNeighbourhoodAndWave);
      Column others = when(x.isNull(), known).otherwise(known.minus(lit(1)));
      Column othersSum = when(x.isNull(), total).otherwise(total.minus(x));
      composition.put(v.name(), when(others.gt(lit(0)), othersSum.divide(others)).otherwise(lit(null).cast("double")));
    }
    return citizens.withColumns(composition);
  }
}
