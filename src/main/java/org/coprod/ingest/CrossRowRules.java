package org.coprod.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.coprod.ingest.contract.SourceContract;

/**
 * Rules that compare rows: exact duplicates (dropped, the first copy in its file that passes
 * the row rules kept: by byte offset, or by line where there is none, as in a compressed file or
 * Parquet; later splits of a large plain file know offsets but not lines), conflicting duplicates of the unique key (all quarantined),
 * references to other sources, and one respondent per account in links. They compare the
 * contract columns as text after mapping and pseudonymisation. Duplicates and links are judged
 * among rows that pass every row-level rule: a row that is already rejected (say, with a
 * missing neighbourhood) is not a competing version of its key, does not take its valid twin
 * into quarantine with it, and is not the copy its valid twin would be dropped as; two
 * identical bad rows are both quarantined. References are checked on every well-formed row, so
 * that a quarantined row lists all its failures.
 *
 * <p>A reference is known when the referenced source has a well-formed line with that key,
 * whether or not the line is accepted: quarantining a neighbourhood does not cascade to its
 * respondents (the features stage joins accepted rows only). Accounts have no source of their
 * own: an account is known by appearing in links or usage, so account references are not
 * checked; usage from accounts without a link is legitimate (platform users who were not
 * surveyed), and so is an event without an account (a 311 request): a null account_id takes
 * part in no rule. A declared table references the source it attaches to (its neighbourhood_id
 * or municipality_id) when the job ingests that source.
 */
final class CrossRowRules {

  static final String DUPLICATE_RANK = "_duplicate_rank";
  /** The cross-row failures of a row (failure structs); empty when it has none. */
  static final String CROSS_FAILURES = "_cross_failures";
  /** True when the row has a cross-row failure. */
  static final String CROSS_FAILED = "_cross_failed";
  /** The column of a known-keys dataset ({@link KnownKeys}, {@link KnownKeysPass}). */
  static final String KNOWN_KEY = "_known_key";

  /**
   * One checked reference.
   *
   * @param column referencing column of this source
   * @param source referenced source
   * @param key key column of the referenced source
   */
  record Reference(String column, String source, String key) {}

  private CrossRowRules() {}

  /** The references each source makes, per DESIGN.md's data contract. */
  static List<Reference> references(String source) {
    return switch (source) {
      case "survey", "usage" -> List.of(new Reference("neighbourhood_id", "neighbourhoods", "neighbourhood_id"));
      case "links" -> List.of(new Reference("respondent_id", "survey", "respondent_id"));
      case "neighbourhoods" -> List.of(new Reference("municipality_id", "municipalities", "municipality_id"));
      default -> List.of();
    };
  }

  /**
   * Adds {@code _duplicate_rank} (1 for the first copy of a row), {@code _cross_failures} and
   * {@code _cross_failed}.
   *
   * @param references the references to check (a source's {@link #references}, a table's to its parent)
   * @param known per referenced source name, its known keys; a missing entry skips the check
   */
  static Dataset<Row> apply(Dataset<Row> frame, SourceContract contract, List<Reference> references,
      Map<String, KnownKeys> known) {
    RowRules.Failures failures = new RowRules.Failures();
    Dataset<Row> result = compareRows(frame, contract, failures);
    return checkReferences(result, references, known, failures);
  }

  /**
   * As {@link #apply}, for rows none of which shares its unique key with another row of the
   * source, nor, in links, its account ({@link DirectIngest} sends the others through
   * {@link #apply}): every row is the first copy of itself, no key has two versions, no account
   * two respondents, and only references are checked. No shuffle.
   */
  static Dataset<Row> applyToUniqueKeys(Dataset<Row> frame, SourceContract contract, List<Reference> references,
      Map<String, KnownKeys> known) {
    RowRules.Failures failures = new RowRules.Failures();
    // Never fails; it gives the failures the same type as apply's, where this rule comes first.
    failures.add(lit(false), Rule.DUPLICATE_CONFLICT, lit(""));
    return checkReferences(frame.withColumn(DUPLICATE_RANK, lit(1)), references, known, failures);
  }

  /** The duplicate, conflict and (for links) one-to-one rules: one shuffle by the key and one sort. */
  private static Dataset<Row> compareRows(Dataset<Row> frame, SourceContract contract, RowRules.Failures failures) {
    Column rowOk = col(RowRules.ROW_OK);
    Column[] content = contract.columnNames().stream().map(c -> col(c)).toArray(Column[]::new);
    Column[] key = contract.uniqueKey().stream().map(c -> col(c)).toArray(Column[]::new);
    Column keyPresent = lit(true);
    for (Column part : key) {
      keyPresent = keyPresent.and(part.isNotNull());
    }
    // Rows are compared by two independent hashes of their content (96 bits): equal rows have
    // equal hashes, and unequal rows of the same key share both with probability ~2^-96.
    // One shuffle (hash partitioning by the key, as the content is hashed before it) and one
    // sort, by key, hashes, file, offset and line, serve all three windows below: each window's
    // partition columns contain the key, and each needs an ordering that the sort gives.
    Column okWithKey = rowOk.and(keyPresent);
    Dataset<Row> hashed = frame
        .withColumn("_content_hash", xxhash64(content))
        .withColumn("_content_hash2", org.apache.spark.sql.functions.hash(content))
        .repartition(key);
    Column[] keyAndContent = java.util.stream.Stream.concat(java.util.Arrays.stream(key),
        java.util.stream.Stream.of(col("_content_hash"), col("_content_hash2"))).toArray(Column[]::new);
    Column[] keyAndHash = java.util.stream.Stream.concat(java.util.Arrays.stream(key),
        java.util.stream.Stream.of(col("_content_hash"))).toArray(Column[]::new);
    WindowSpec sameRow = Window.partitionBy(keyAndContent)
        .orderBy(col(RecordParser.FILE), col(RecordParser.OFFSET), col(RecordParser.LINE));
    WindowSpec sameHashUpToHere = Window.partitionBy(keyAndHash)
        .orderBy(col("_content_hash2"), col(RecordParser.FILE), col(RecordParser.OFFSET), col(RecordParser.LINE))
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    // Versions of a key: distinct content hashes among its rows that pass the row rules, i.e.
    // the number of (key, hash) groups whose first such row is this one, summed over the key.
    // This is size(collect_set(hash)) over the key without a set per key.
    Column firstOfItsHash = okWithKey.and(
        sum(when(okWithKey, 1).otherwise(0)).over(sameHashUpToHere).equalTo(1));
    // A row's rank among the rows with its content that pass the row rules: a rejected line with
    // the same contract fields (one with a field too many, say) that comes first is no copy of it
    // and must not make it a dropped duplicate. Same window as the sort above, no other sort.
    Column copiesUpToHere = sum(when(rowOk, 1).otherwise(0))
        .over(sameRow.rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    Dataset<Row> result = hashed
        .withColumn(DUPLICATE_RANK, when(rowOk, copiesUpToHere.cast("int")).otherwise(lit(1)))
        .withColumn("_first_of_its_hash", when(firstOfItsHash, 1).otherwise(0))
        .withColumn("_versions", sum(col("_first_of_its_hash")).over(Window.partitionBy(key)).cast("int"))
        .drop("_first_of_its_hash");
    String keyText = String.join(", ", contract.uniqueKey());
    failures.add(okWithKey.and(col("_versions").gt(1)), Rule.DUPLICATE_CONFLICT,
        concat(lit(keyText + ": "), col("_versions").cast("string"),
            lit(" rows with this key differ in content")));
    if (contract.name().equals("links")) {
      WindowSpec sameAccount = Window.partitionBy(col("account_id"));
      result = result.withColumn("_respondents",
          size(collect_set(when(rowOk, col("respondent_id"))).over(sameAccount)));
      failures.add(rowOk.and(col("account_id").isNotNull()).and(col("_respondents").gt(1)),
          Rule.LINK_NOT_ONE_TO_ONE, concat(lit("account_id: linked to "), col("_respondents").cast("string"),
              lit(" respondents")));
    }
    return result;
  }

  /** Orphan references, then the cross-row failures of each row from {@code failures} and those. */
  private static Dataset<Row> checkReferences(Dataset<Row> frame, List<Reference> references,
      Map<String, KnownKeys> known, RowRules.Failures failures) {
    Column wellFormed = col(RecordParser.MALFORMED).isNull();
    Dataset<Row> result = frame;
    for (Reference reference : references) {
      KnownKeys keys = known.get(reference.source());
      if (keys == null) {
        continue;
      }
      String marker = "_known_" + reference.column();
      if (keys.texts() != null) {
        // The same test as the join below, as a lookup in the texts every task holds: null where unknown.
        org.apache.spark.broadcast.Broadcast<KnownTexts> texts = keys.broadcastTexts();
        org.apache.spark.sql.expressions.UserDefinedFunction isKnown = org.apache.spark.sql.functions.udf(
            (org.apache.spark.sql.api.java.UDF1<String, Boolean>) key -> key != null && texts.value().contains(key),
            org.apache.spark.sql.types.DataTypes.BooleanType);
        result = result.withColumn(marker, when(isKnown.apply(col(reference.column())), lit(true)));
      } else {
        Dataset<Row> marked = keys.dataset().select(col(KNOWN_KEY), lit(true).as(marker));
        result = result.join(marked, result.col(reference.column()).equalTo(marked.col(KNOWN_KEY)), "left_outer")
            .drop(KNOWN_KEY);
      }
      failures.add(wellFormed.and(col(reference.column()).isNotNull()).and(col(marker).isNull()),
          Rule.ORPHAN_REFERENCE, concat(lit(reference.column() + ": '"), col(reference.column()),
              lit("' is not a " + reference.key() + " of " + reference.source())));
    }
    return result
        .withColumn(CROSS_FAILED, failures.any())
        .withColumn(CROSS_FAILURES, when(failures.any(), failures.failed()).otherwise(RowRules.noFailures()));
  }
}
