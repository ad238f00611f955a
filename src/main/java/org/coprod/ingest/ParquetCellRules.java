package org.coprod.ingest;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One task's {@link ReaderRowRules} judged from a Parquet row's cells, without making the row's
 * raw record: the clean row when {@link ReaderRowRules#typed} would give it, else null (the
 * record then goes the ordinary way, made from the cells' texts, to the second pass).
 *
 * <p>A column's judgement depends on its cell alone ({@link ReaderRowRules#judged} of
 * {@link RecordParser#contractText}), so a column whose cells repeat (a category, an account, a
 * neighbourhood) is judged once per distinct cell: per dictionary id within a batch of a
 * dictionary-encoded column, else per recent value. Two columns are judged without their text:
 * a plain text column (an event identifier) whose cell is plain ASCII is its own bytes, and a
 * timestamp is its second ({@link ReaderRowRules#judgedInstant}). Any other cell takes the
 * text the reader would give it and the same judgement.
 *
 * <p>Why: making each row's texts, its raw record and then its typed row from them was about two
 * fifths of usage's main pass at 1M citizens, Parquet input (JFR: the texts 11% of the samples,
 * the record and its rules 29%), against 47% for the write. Judged from the cells, the pass
 * took 19.0-22.3 s in most warm runs against 21.9-25.6 s before (BENCHMARKS.md, fifteenth session).
 *
 * <p>The row rules are the record's: a repeated key, the survey's age left to the date of birth,
 * and the personal-data flag ({@link #personal}), from the cells of the key, the date of birth and
 * the personal columns. Not for the links' accounts ({@link ReaderRowRules#judgesAccounts}), nor
 * for a file that lacks a column the record reads: {@link #of} is null then.
 */
final class ParquetCellRules {

  private final ReaderRowRules rules;
  private final RecordParser parser;
  private final ColumnPlan plan;
  private final ReaderRowRules.TextMemo memo;
  /** The key's cell when the key is one text cell ({@link RecordParser#keyHashOfCell}), else -1. */
  private final int keyOrdinal;
  private final int[] keyFileColumns;
  private final String[] keyTexts;
  private final ColumnCells[] columns;
  private final ParquetRecords.Cells cells;
  private final int[] personalColumns;

  private ParquetCellRules(ReaderRowRules rules, RecordParser parser, ColumnPlan plan, ReaderRowRules.TextMemo memo,
      int keyOrdinal, ParquetRecords.Cells cells) {
    this.rules = rules;
    this.parser = parser;
    this.plan = plan;
    this.memo = memo;
    this.keyOrdinal = keyOrdinal;
    this.cells = cells;
    keyFileColumns = parser.keyFileColumns(plan);
    keyTexts = new String[plan.fileColumns.length];
    personalColumns = java.util.stream.IntStream.range(0, plan.personal.length).filter(j -> plan.personal[j]).toArray();
    columns = new ColumnCells[plan.sourceIndex.length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = new ColumnCells(i);
    }
  }

  /**
   * The judge of rows of files read with {@code plan}, given as {@code cells}; null when the
   * source's rows need their records ({@link ParquetCellRules}).
   */
  static ParquetCellRules of(ReaderRowRules rules, RecordParser parser, ColumnPlan plan,
      ReaderRowRules.TextMemo memo, ParquetRecords.Cells cells) {
    if (rules.judgesAccounts() || plan.dateOfBirthIndex >= 0 && cells.ordinal(plan.dateOfBirthIndex) < 0) {
      return null;
    }
    for (int j = 0; j < plan.personal.length; j++) {
      if (plan.personal[j] && cells.ordinal(j) < 0) {
        return null;
      }
    }
    for (int j : plan.sourceIndex) {
      if (j >= 0 && cells.ordinal(j) < 0) {
        return null;
      }
    }
    int keyCell = parser.singleKeyCell(plan);
    boolean textKey = keyCell >= 0 && DataTypes.StringType.equals(cells.type(keyCell));
    return new ParquetCellRules(rules, parser, plan, memo, textKey ? cells.ordinal(keyCell) : -1, cells);
  }

  /** The clean row of the reader's current row when it certainly passes and its key is not a candidate; else null. */
  InternalRow typed(RowSet candidateKeys) {
    ScanRows.Cursor at = cells.cursor();
    InternalRow row = at.row();
    UTF8String key = keyOrdinal < 0 || row.isNullAt(keyOrdinal) ? null : row.getUTF8String(keyOrdinal);
    if (candidateKeys.contains(keyOrdinal >= 0 ? parser.keyHashOfCell(plan, key) : keyHashOfTexts())) {
      return null;
    }
    Object[] values = new Object[rules.width()];
    for (int i = 0; i < columns.length; i++) {
      Object value = columns[i].judge(at, row, key);
      if (value == ReaderRowRules.REJECTED) {
        return null;
      }
      values[i] = value;
    }
    int age = rules.ageColumn();
    if (age >= 0 && values[age] == null && plan.dateOfBirthIndex >= 0
        && parser.present(cells.text(plan.dateOfBirthIndex))) {
      return null; // age derived from the date of birth
    }
    return rules.complete(values);
  }

  /** {@link RecordParser#keyHash} of the key cells' texts: a key of several cells, or not of text. */
  private long keyHashOfTexts() {
    for (int j : keyFileColumns) {
      keyTexts[j] = cells.text(j);
    }
    return parser.keyHash(plan, keyTexts);
  }

  /** Whether the cursor's row has personal data the clean row leaves out: a cell of a personal column. */
  boolean personal() {
    for (int j : personalColumns) {
      if (parser.present(cells.text(j))) {
        return true;
      }
    }
    return false;
  }

  private enum Mode {
    /** A constant column: one judgement for every row. */
    CONSTANT,
    /** A timestamp cell: judged by its second. */
    INSTANT,
    /** A text cell that is its own value when plain; a dictionary's cells by id. */
    PLAIN_TEXT,
    /** A text cell judged once per distinct cell (by dictionary id, or among recent cells). */
    TEXT_CELL,
    /** Any other cell: judged once per dictionary id in a batch, else by its text every time. */
    OTHER
  }

  /** How one contract column's cells are judged, with the task's memory of judged cells. */
  private final class ColumnCells {
    private static final int SLOTS = 64;
    private static final int EARLIER = 1024;
    private final int column;
    private final int fileColumn;
    private final int ordinal;
    private final Mode mode;
    private final Object missing;
    // By dictionary id: the judgement and the epoch of the dictionary it was made for (0: none).
    private Object[] byId = new Object[256];
    private long[] epochOf = new long[256];
    private final DictionaryEpochs epochs = new DictionaryEpochs();
    /** Recent cells of a text column without a dictionary. */
    private final JudgedCells recent = new JudgedCells(SLOTS, true);
    /**
     * Cells of a text column's dictionary judged in earlier batches. Why: an account's or a
     * neighbourhood's cells come together, so a batch names a few hundred new to it, many of them
     * named at the end of the batch before; judging those again (a pseudonym and a reference each)
     * was about a fifth of the judging of usage's rows (5.8% of the main pass's samples, JFR, 1M
     * citizens).
     */
    private final JudgedCells earlier = new JudgedCells(EARLIER, false);

    ColumnCells(int column) {
      this.column = column;
      this.fileColumn = plan.sourceIndex[column];
      if (fileColumn < 0) {
        ordinal = -1;
        mode = Mode.CONSTANT;
        missing = judgedText(null);
        return;
      }
      ordinal = cells.ordinal(fileColumn);
      missing = judgedText(null);
      boolean plainCell = parser.cellIsText(plan, column);
      if (DataTypes.TimestampType.equals(cells.type(fileColumn))) {
        mode = plainCell && rules.isPlainInstant(column) ? Mode.INSTANT : Mode.OTHER;
      } else if (DataTypes.StringType.equals(cells.type(fileColumn))) {
        mode = plainCell && rules.isPlainText(column) ? Mode.PLAIN_TEXT : Mode.TEXT_CELL;
      } else {
        mode = Mode.OTHER;
      }
    }

    /** The judgement of the row's cell; {@code key} is the row's key cell, which the key's column need not read again. */
    Object judge(ScanRows.Cursor at, InternalRow row, UTF8String key) {
      if (mode == Mode.CONSTANT || row.isNullAt(ordinal)) {
        return missing;
      }
      if (mode == Mode.INSTANT) {
        return rules.judgedInstant(column, row.getLong(ordinal));
      }
      if (at.vector(ordinal) instanceof WritableColumnVector vector && vector.hasDictionary()) {
        return byDictionaryId(at.batch(), vector, at.rowId());
      }
      return switch (mode) {
        case PLAIN_TEXT, TEXT_CELL -> {
          UTF8String cell = ordinal == keyOrdinal ? key : row.getUTF8String(ordinal);
          if (mode == Mode.PLAIN_TEXT && plainAscii(cell)) {
            yield cell.clone(); // the reader's buffer is used again
          }
          yield recent.of(cell, this);
        }
        default -> judgedText(cells.text(fileColumn));
      };
    }

    /** The judgement of a cell's text (null: missing), as the record's rules make it. */
    private Object judgedText(String text) {
      return rules.judged(column, parser.contractText(plan, column, text), memo);
    }

    private Object byDictionaryId(long batch, WritableColumnVector vector, int rowId) {
      int id = vector.getDictionaryIds().getInt(rowId);
      if (id >= byId.length) {
        int length = Math.max(id + 1, 2 * byId.length);
        byId = java.util.Arrays.copyOf(byId, length);
        epochOf = java.util.Arrays.copyOf(epochOf, length);
      }
      // Trusted while the dictionary is the same (DictionaryEpochs); a cell new to the dictionary
      // is looked for among the cells judged before it, by its bytes.
      long epoch = epochs.of(batch, vector);
      if (epochOf[id] != epoch) {
        byId[id] = mode == Mode.PLAIN_TEXT || mode == Mode.TEXT_CELL ? earlier.of(vector.getUTF8String(rowId), this)
            : judgedText(cells.text(fileColumn));
        epochOf[id] = epoch;
      }
      return byId[id];
    }
  }

  /**
   * A column's judgements of text cells by the hash of their bytes, in a direct-mapped table.
   * With {@code givesUp}, the table is left once most of a trial's cells were new to it (a
   * column whose cells seldom repeat), as ParquetRecords.RecentTexts does for texts.
   */
  private static final class JudgedCells {
    private static final int TRIAL = 4096;
    private final UTF8String[] cells;
    private final Object[] judged;
    private final boolean givesUp;
    private int missed;
    private int found;
    private boolean off;

    JudgedCells(int slots, boolean givesUp) {
      cells = new UTF8String[slots];
      judged = new Object[slots];
      this.givesUp = givesUp;
    }

    /** The judgement of {@code cell} (whose bytes may be the reader's, used again) by {@code column}. */
    Object of(UTF8String cell, ColumnCells column) {
      if (off) {
        return column.judgedText(cell.toString());
      }
      int slot = cell.hashCode() & (cells.length - 1);
      if (cell.equals(cells[slot])) {
        found++;
        return judged[slot];
      }
      if (givesUp && ++missed == TRIAL && found < TRIAL / 4) {
        off = true;
      }
      Object judgement = column.judgedText(cell.toString());
      cells[slot] = cell.clone();
      judged[slot] = judgement;
      return judgement;
    }
  }

  /**
   * Whether a cell is ASCII, not empty and without spaces or control characters at its ends:
   * its text is then itself, trimmed, and its UTF-8 bytes are the cell's.
   */
  static boolean plainAscii(UTF8String cell) {
    int length = cell.numBytes();
    if (length == 0) {
      return false;
    }
    Object base = cell.getBaseObject();
    long offset = cell.getBaseOffset();
    if (Platform.getByte(base, offset) <= ' ' || Platform.getByte(base, offset + length - 1) <= ' ') {
      return false; // a byte of 0x80 or more is negative: not ASCII either
    }
    for (int k = 1; k < length - 1; k++) {
      if (Platform.getByte(base, offset + k) < 0) {
        return false;
      }
    }
    return true;
  }
}
