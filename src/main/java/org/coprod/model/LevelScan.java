package org.coprod.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * The one aggregation pass of the design-matrix builder. Each row emits small tagged
 * entries — itself, each variable it misses, the rule it fails, and its level of every
 * factor (kept rows only) — and one {@code groupBy(...).count()} reduces them. The result
 * has one row per (factor, level), variable and rule, so driver memory is bounded by the
 * number of levels and variables, never by the number of rows.
 */
final class LevelScan {

  private static final int ROW = 0;
  private static final int MISSING = 1;
  private static final int INVALID = 2;
  private static final int LEVEL = 3;
  private static final int ANY_MISSING = 4;

  /** A factor key: exactly one of {@code text} and {@code number} is non-null. */
  record Key(Column text, Column number) {}

  /**
   * The counts.
   *
   * @param levels per factor index, level key (String or Double) to kept rows
   */
  record Result(long rowsRead, long missingAny, Map<Integer, Long> missingByIndex, Map<InvalidRowReason, Long> invalidByReason, Map<Integer, Map<Object, Long>> levels) {}

  private LevelScan() {}

  /**
   * @param missing per variable index, true when the row misses it
   * @param anyMissing true when the row misses any variable
   * @param reasonOrdinal ordinal of the first failing {@link InvalidRowReason} of a complete row, else null
   * @param kept whether the row is kept
   * @param keys factor keys, by factor index
   */
  static Result run(Dataset<Row> data, List<Column> missing, Column anyMissing, Column reasonOrdinal, Column kept, List<Key> keys) {
    // Evaluate every flag and key once per row in a projection, then build the entries from
    // references to it: inlining the (long) row-completeness test into every entry made the
    // generated code exceed the JVM's 64 KB method limit on formulas of ~20 variables.
    List<Column> flags = new ArrayList<>();
    for (int i = 0; i < missing.size(); i++) {
      flags.add(missing.get(i).as("m" + i));
    }
    flags.add(anyMissing.as("any_missing"));
    flags.add(reasonOrdinal.as("reason"));
    flags.add(kept.as("kept"));
    for (int j = 0; j < keys.size(); j++) {
      flags.add((keys.get(j).text() == null ? lit(null) : keys.get(j).text()).cast(DataTypes.StringType).as("kt" + j));
      flags.add((keys.get(j).number() == null ? lit(null) : keys.get(j).number()).cast(DataTypes.DoubleType).as("kn" + j));
    }
    Dataset<Row> flagged = data.select(flags.toArray(Column[]::new));
    List<Column> entries = new ArrayList<>();
    entries.add(entry(ROW, lit(0), null, null));
    for (int i = 0; i < missing.size(); i++) {
      entries.add(when(col("m" + i), entry(MISSING, lit(i), null, null)));
    }
    entries.add(when(col("any_missing"), entry(ANY_MISSING, lit(0), null, null)));
    entries.add(when(col("reason").isNotNull(), entry(INVALID, col("reason"), null, null)));
    for (int j = 0; j < keys.size(); j++) {
      entries.add(when(col("kept"), entry(LEVEL, lit(j), col("kt" + j), col("kn" + j))));
    }
    Dataset<Row> counted =
        flagged.select(explode(array(entries.toArray(Column[]::new))).as("e"))
            .where(col("e").isNotNull())
            .groupBy(col("e.kind"), col("e.index"), col("e.text"), col("e.number"))
            .count();
    long rowsRead = 0;
    long missingAny = 0;
    Map<Integer, Long> missingByIndex = new HashMap<>();
    Map<InvalidRowReason, Long> invalid = new EnumMap<>(InvalidRowReason.class);
    Map<Integer, Map<Object, Long>> levels = new HashMap<>();
    for (int j = 0; j < keys.size(); j++) {
      levels.put(j, new HashMap<>());
    }
    for (Row row : counted.collectAsList()) {
      int kind = row.getInt(0);
      int index = row.getInt(1);
      long count = row.getLong(4);
      switch (kind) {
        case ROW -> rowsRead = count;
        case ANY_MISSING -> missingAny = count;
        case MISSING -> missingByIndex.put(index, count);
        case INVALID -> invalid.put(InvalidRowReason.values()[index], count);
        case LEVEL -> levels.get(index).put(row.isNullAt(2) ? (Object) row.getDouble(3) : row.getString(2), count);
        default -> throw new IllegalStateException("unknown entry kind " + kind);
      }
    }
    return new Result(rowsRead, missingAny, missingByIndex, invalid, levels);
  }

  private static Column entry(int kind, Column index, Column text, Column number) {
    return struct(
        lit(kind).as("kind"),
        index.cast(DataTypes.IntegerType).as("index"),
        (text == null ? lit(null) : text).cast(DataTypes.StringType).as("text"),
        (number == null ? lit(null) : number).cast(DataTypes.DoubleType).as("number"));
  }
}
