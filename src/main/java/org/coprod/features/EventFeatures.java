package org.coprod.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.coprod.ingest.contract.Contracts;

/**
 * The event table: one row per usage event, for models of how people use the platform (e.g.
 * which requests come in through a digital channel). Identifiers are left out: no event id,
 * no account. Each row carries its neighbourhood's {@code nbh_} and its municipality's
 * {@code mun_} columns, so that area factors can enter an event-level model.
 *
 * <pre>
 * neighbourhood_id, municipality_id, channel, service, action,
 * digital      1 for app/web/social, 0 for phone/counter, null for staff (not a citizen's choice)
 * year, month  calendar year (int) and yyyy-MM of the event in UTC
 * hour, weekday  hour of day 0-23 and ISO day of week 1 (Monday) - 7 in UTC
 * the usage source's extra columns, then nbh_ census, nbh_ declared, mun_ columns
 * </pre>
 *
 * Built lazily; the pipeline writes it only when a model is fitted on events, since it is as
 * large as the event log.
 */
final class EventFeatures {

  static final List<String> CITIZEN_CHANNELS_NOT_DIGITAL = List.of("phone", "counter");

  private EventFeatures() {}

  static Dataset<Row> table(Dataset<Row> usage, Dataset<Row> neighbourhoodCensus, Dataset<Row> municipalities) {
    Column utc = expr("convert_timezone(current_timezone(), 'UTC', cast(ts as timestamp_ntz))");
    List<Column> columns = new ArrayList<>(List.of(
        col("neighbourhood_id"),
        col("channel"),
        col("service"),
        col("action"),
        when(col("channel").isin(UsageFeatures.DIGITAL_CHANNELS.toArray()), lit(1))
            .when(col("channel").isin(CITIZEN_CHANNELS_NOT_DIGITAL.toArray()), lit(0))
            .otherwise(lit(null).cast("int")).as("digital"),
        org.apache.spark.sql.functions.year(utc).as("year"),
        org.apache.spark.sql.functions.date_format(utc, "yyyy-MM").as("month"),
        org.apache.spark.sql.functions.hour(utc).as("hour"),
        expr("cast(extract(DAYOFWEEK_ISO FROM convert_timezone(current_timezone(), 'UTC', cast(ts as timestamp_ntz))) as int)")
            .as("weekday")));
    ExtraColumns.names(usage, Contracts.USAGE).forEach(extra -> columns.add(col(extra)));
    Dataset<Row> events = usage.select(columns.toArray(Column[]::new));
    Dataset<Row> withAreas = events
        .join(neighbourhoodCensus, new String[] {"neighbourhood_id"}, "left")
        .join(municipalities, new String[] {"municipality_id"}, "left");
    List<Column> ordered = new ArrayList<>(List.of(col("neighbourhood_id"), col("municipality_id")));
    for (String name : withAreas.columns()) {
      if (!name.equals("neighbourhood_id") && !name.equals("municipality_id")) {
        ordered.add(col(name));
      }
    }
    return withAreas.select(ordered.toArray(Column[]::new));
  }
}
