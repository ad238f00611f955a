package org.coprod.ingest;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.output.IngestTableSchemas;

/**
 * The quality and quarantine tables (DESIGN.md, "Outputs"). Neither carries a run id: the
 * caller's writer tags rows with it. Quality has a row for every rule of every source, zeros
 * included, so that its shape does not depend on the data.
 */
final class QualityTables {

  static final String TOTAL = "TOTAL";

  static final StructType QUALITY_SCHEMA = IngestTableSchemas.withoutRunId(IngestTableSchemas.QUALITY);

  static final StructType QUARANTINE_SCHEMA = IngestTableSchemas.withoutRunId(IngestTableSchemas.QUARANTINE);

  private QualityTables() {}

  /**
   * Counts of a validated source in one aggregation (one job, whose first stage also builds the
   * cache of {@code validated} when it is persisted): rows by status, rows with personal data
   * removed, and per rule the quarantined rows failing it (each row once per rule).
   *
   * @param read rows read, asked for once the aggregation has run (the reader counts them as it goes)
   */
  static SourceCounts count(Dataset<Row> validated, LongSupplier read) {
    Column quarantined = col(IngestStage.STATUS).equalTo(IngestStage.QUARANTINED);
    List<Column> sums = new ArrayList<>(List.of(
        sum(when(col(IngestStage.STATUS).equalTo(IngestStage.ACCEPTED), 1).otherwise(0)).cast("long"),
        sum(when(quarantined, 1).otherwise(0)).cast("long"),
        sum(when(col(IngestStage.STATUS).equalTo(IngestStage.DROPPED), 1).otherwise(0)).cast("long"),
        sum(when(col(RecordParser.PERSONAL), 1).otherwise(0)).cast("long")));
    Rule[] rules = Rule.values();
    for (Rule rule : rules) {
      sums.add(sum(when(quarantined.and(array_contains(col(IngestStage.RULE_IDS), rule.name())), 1).otherwise(0))
          .cast("long"));
    }
    Row totals = validated.agg(functions.count(lit(1)), sums.toArray(Column[]::new)).first();
    Map<Rule, Long> byRule = new EnumMap<>(Rule.class);
    for (int i = 0; i < rules.length; i++) {
      long failing = longOrZero(totals, 5 + i);
      if (failing > 0) {
        byRule.put(rules[i], failing);
      }
    }
    long classified = longOrZero(totals, 1) + longOrZero(totals, 2) + longOrZero(totals, 3);
    if (classified != totals.getLong(0)) {
      throw new IllegalStateException("rows without a status: " + (totals.getLong(0) - classified));
    }
    return new SourceCounts(read.getAsLong(), longOrZero(totals, 1), longOrZero(totals, 2), longOrZero(totals, 3),
        longOrZero(totals, 4), byRule);
  }

  private static long longOrZero(Row row, int i) {
    return row.isNullAt(i) ? 0 : row.getLong(i);
  }

  /** The quality rows of every source, built on the driver (a few rows per source). */
  static Dataset<Row> quality(SparkSession spark, Map<String, SourceResult> sources) {
    List<Row> rows = new ArrayList<>();
    for (SourceResult result : sources.values()) {
      SourceCounts c = result.counts();
      for (Rule rule : Rule.values()) {
        long quarantined = rule.quarantines() ? c.failing(rule) : 0;
        long dropped = rule == Rule.EXACT_DUPLICATE ? c.duplicatesDropped() : 0;
        long cleaned = rule == Rule.PERSONAL_DATA_REMOVED ? c.personalRemoved() : 0;
        rows.add(RowFactory.create(result.source(), rule.name(), c.read(), c.accepted(), quarantined, dropped, cleaned));
      }
      rows.add(RowFactory.create(result.source(), TOTAL, c.read(), c.accepted(), c.quarantined(),
          c.duplicatesDropped(), c.personalRemoved()));
    }
    return spark.createDataFrame(rows, QUALITY_SCHEMA);
  }
}
