package org.coprod.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.unix_seconds;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Citizen-level usage features from the platform events of the respondent's consented linked
 * account, in the window of the {@code window_days} days before the interview day.
 *
 * <p>Window, in whole UTC days ({@code day(ts) = floor(epoch seconds / 86400)}, independent of
 * the session time zone): an event counts iff {@code interview_day - window_days <= day(ts) <
 * interview_day}. The interview day itself is excluded, because the interview's time of day is
 * unknown and an event later that day could be caused by the interview. An event exactly
 * {@code window_days} days before the interview day is included: the window is then exactly
 * {@code window_days} days long (days -365 ... -1 for 365), i.e. the 12 months before.
 *
 * <p>Cost: the events are shuffled once, by account, to meet the linked interviews; the
 * aggregation then groups by (account, respondent, wave), which that partitioning already
 * satisfies, so no second exchange of events happens (the linked interviews are survey-sized).
 */
final class UsageFeatures {

  static final List<String> DIGITAL_CHANNELS = List.of("app", "web", "social");
  /** The contract's channel of events that staff, not the citizen, made. */
  static final String STAFF_CHANNEL = "staff";
  static final List<String> COLLABORATIVE_ACTIONS = List.of("comment", "vote");

  private static final String[] INTERVIEW_KEY = {"respondent_id", "wave"};

  private UsageFeatures() {}

  /** UTC epoch day of an event timestamp. */
  static Column eventDay(Column ts) {
    return floor(unix_seconds(ts).divide(lit(86_400L))).cast("int");
  }

  /**
   * Usage features of linked interviews: respondent_id, wave, usage_linked (= 1) and the usage_
   * counts (null where no event fell in the window; {@link #fill} turns those into zeros).
   */
  static Dataset<Row> linked(Dataset<Row> survey, Dataset<Row> usage, Dataset<Row> links, int windowDays) {
    Dataset<Row> interviews = survey
        .select(col("respondent_id"), col("wave"), unix_date(col("interview_date")).as("interview_day"))
        .join(links.select(col("respondent_id"), col("account_id")), "respondent_id");
    // Channel and action become 0/1 before the shuffle: fewer bytes cross it than the strings.
    Dataset<Row> events = usage.select(
        col("account_id"),
        eventDay(col("ts")).as("event_day"),
        when(col("channel").isin(DIGITAL_CHANNELS.toArray()), lit(1L)).otherwise(lit(0L)).as("digital"),
        // An event staff logged (channel "staff") is no channel choice of the citizen's.
        when(col("channel").equalTo(lit(STAFF_CHANNEL)), lit(0L)).otherwise(lit(1L)).as("citizen_made"),
        when(col("action").isin(COLLABORATIVE_ACTIONS.toArray()), lit(1L)).otherwise(lit(0L)).as("collaborative"),
        col("service"));
    Column inWindow = col("event_day").lt(col("interview_day"))
        .and(col("event_day").geq(col("interview_day").minus(lit(windowDays))));
    Dataset<Row> counts = interviews.join(events, "account_id")
        .where(inWindow)
        .groupBy(col("account_id"), col("respondent_id"), col("wave"))
        .agg(
            count(lit(1)).as("usage_events"),
            size(collect_set(col("event_day"))).as("usage_active_days"),
            sum(col("digital")).as("digital_events"),
            sum(col("citizen_made")).as("citizen_made_events"),
            size(collect_set(col("service"))).as("usage_services"),
            sum(col("collaborative")).as("usage_collaborative"),
            max(col("event_day")).as("last_day"))
        .drop("account_id");
    return interviews
        .select(col("respondent_id"), col("wave"), col("interview_day"), lit(1).as("usage_linked"))
        .join(counts, INTERVIEW_KEY, "left")
        .select(
            col("respondent_id"), col("wave"), col("usage_linked"), col("usage_events"), col("usage_active_days"),
            // null when no citizen-made event (x / 0 is null in Spark); fill() makes it 0.
            col("digital_events").cast("double").divide(col("citizen_made_events")).as("usage_digital_share"),
            col("usage_services"), col("usage_collaborative"),
            col("interview_day").minus(col("last_day")).as("usage_days_since_last"));
  }

  /**
   * Joins the linked usage features (or none) to the citizens and zero-fills the rest: an
   * unlinked respondent, or a linked one without events in the window, has 0 events, 0 active
   * days, digital share 0, 0 services, 0 collaborative events, {@code window_days + 1} days
   * since the last event (no event inside the window: censored just beyond it, not 0, which
   * would read as "used it yesterday") and {@code log_events = 0}.
   */
  static Dataset<Row> fill(Dataset<Row> citizens, Dataset<Row> linkedOrNull, int windowDays) {
    Dataset<Row> joined = linkedOrNull == null
        ? citizens.withColumns(nullUsage())
        : citizens.join(linkedOrNull, INTERVIEW_KEY, "left");
    // One projection for all columns (withColumns evaluates them on the joined row, simultaneously).
    Map<String, Column> filled = new LinkedHashMap<>();
    filled.put("usage_linked", coalesce(col("usage_linked"), lit(0)));
    filled.put("usage_events", coalesce(col("usage_events"), lit(0L)));
    filled.put("log_events", log1p(coalesce(col("usage_events"), lit(0L)).cast("double")));
    filled.put("usage_active_days", coalesce(col("usage_active_days"), lit(0)));
    filled.put("usage_digital_share", coalesce(col("usage_digital_share"), lit(0.0)));
    filled.put("usage_services", coalesce(col("usage_services"), lit(0)));
    filled.put("usage_collaborative", coalesce(col("usage_collaborative"), lit(0L)));
    filled.put("usage_days_since_last", coalesce(col("usage_days_since_last"), lit(windowDays + 1)));
    return joined.withColumns(filled);
  }

  private static Map<String, Column> nullUsage() {
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put("usage_linked", lit(null).cast("int"));
    columns.put("usage_events", lit(null).cast("long"));
    columns.put("usage_active_days", lit(null).cast("int"));
    columns.put("usage_digital_share", lit(null).cast("double"));
    columns.put("usage_services", lit(null).cast("int"));
    columns.put("usage_collaborative", lit(null).cast("long"));
    columns.put("usage_days_since_last", lit(null).cast("int"));
    return columns;
  }
}
