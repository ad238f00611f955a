package org.coprod.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.coprod.ingest.contract.SourceContract;

/**
 * Turns one decoded line (CSV or JSON) or one Parquet row into a raw record: contract columns as
 * text (mapped, trimmed, identifiers pseudonymised), where it came from, and a raw record that
 * keeps only the contract's columns with pseudonymised identifiers, so that quarantine never
 * carries a name, an email or a raw identifier. Type parsing happens later, in Spark.
 */
final class RecordParser implements Serializable {

  private static final long serialVersionUID = 1L;
  static final String FILE = "_file";
  static final String LINE = "_line";
  static final String OFFSET = "_offset";
  static final String RAW = "_raw";
  static final String MALFORMED = "_malformed";
  static final String ENCODING = "_encoding";
  static final String PERSONAL = "_personal";
  static final String DATE_OF_BIRTH = "_date_of_birth";
  /** Where the record is in the input: file index and byte offset or line ({@link #rowId}). */
  static final String ROW_ID = "_row_id";
  /** A 64-bit hash of the unique key as mapped, before pseudonymisation ({@link #keyHash}). */
  static final String KEY_HASH = "_key_hash";
  /** Positions of fields in a record (see {@link #schema}). */
  static final int MALFORMED_INDEX = 4;
  static final int ENCODING_INDEX = 5;
  static final int PERSONAL_INDEX = 6;
  static final int DATE_OF_BIRTH_INDEX = 7;
  static final int ROW_ID_INDEX = 8;
  /** Position of {@link #KEY_HASH} in a record. */
  static final int KEY_HASH_INDEX = 9;
  /** Position of the first contract column in a record; before it, the fields of {@link #schema} in order. */
  static final int FIXED = 10;

  /** Per contract column: an identifier to pseudonymise. */
  private final boolean[] contractIdentifier;
  /** Contract column indices of the unique key. */
  private final int[] keyColumns;
  private final char delimiter;
  private final Pseudonymiser pseudonymiser;
  /** Cell texts read as missing (compared after trimming), besides the empty text. */
  private final HashSet<String> nullValues;
  /**
   * Whether records carry their file name and raw text. Only quarantined rows need them; the
   * direct path's main pass writes none (it reads its other rows again), and building and
   * moving the raw text was a good part of its cost.
   */
  private final boolean withProvenanceText;
  private transient ObjectMapper json;
  /** {@link #keyHash}'s buffer; a parser serves one task at a time (each task deserialises its own). */
  private transient byte[] keyBytes;

  RecordParser(SourceContract contract, char delimiter, Pseudonymiser pseudonymiser, List<String> nullValues) {
    this.contractIdentifier = new boolean[contract.columns().size()];
    for (int i = 0; i < contractIdentifier.length; i++) {
      contractIdentifier[i] = ColumnPlan.IDENTIFIERS.contains(contract.columnNames().get(i));
    }
    this.keyColumns = contract.uniqueKey().stream().mapToInt(contract.columnNames()::indexOf).toArray();
    this.delimiter = delimiter;
    this.pseudonymiser = pseudonymiser;
    this.nullValues = new HashSet<>(nullValues);
    this.withProvenanceText = true;
  }

  private RecordParser(RecordParser parser, boolean withProvenanceText) {
    this.contractIdentifier = parser.contractIdentifier;
    this.keyColumns = parser.keyColumns;
    this.delimiter = parser.delimiter;
    this.pseudonymiser = parser.pseudonymiser;
    this.nullValues = parser.nullValues;
    this.withProvenanceText = withProvenanceText;
  }

  /**
   * The same parser, but its records have an empty file name and no raw text: for a pass that
   * writes only accepted rows and never quarantines.
   */
  RecordParser withoutProvenanceText() {
    return new RecordParser(this, false);
  }

  /** Schema of raw records: provenance, flags, then every contract column as text. */
  static StructType schema(SourceContract contract) {
    List<StructField> fields = new ArrayList<>(List.of(
        DataTypes.createStructField(FILE, DataTypes.StringType, false),
        DataTypes.createStructField(LINE, DataTypes.LongType, true),
        DataTypes.createStructField(OFFSET, DataTypes.LongType, true),
        DataTypes.createStructField(RAW, DataTypes.StringType, true),
        DataTypes.createStructField(MALFORMED, DataTypes.StringType, true),
        DataTypes.createStructField(ENCODING, DataTypes.StringType, true),
        DataTypes.createStructField(PERSONAL, DataTypes.BooleanType, false),
        DataTypes.createStructField(DATE_OF_BIRTH, DataTypes.StringType, true),
        DataTypes.createStructField(ROW_ID, DataTypes.LongType, false),
        DataTypes.createStructField(KEY_HASH, DataTypes.LongType, false)));
    for (String column : contract.columnNames()) {
      fields.add(DataTypes.createStructField(column, DataTypes.StringType, true));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * Where a record is, as one number: the file's index in the input listing in the top 23 bits,
   * and below them the byte offset of its line (plain text), or its line or row number
   * (compressed text, Parquet), whichever identifies it within the file.
   */
  static long rowId(int fileIndex, long position) {
    if (position < 0 || position >= 1L << 40 || fileIndex < 0 || fileIndex >= 1 << 23) {
      throw new IllegalStateException("record position out of range: file " + fileIndex + ", position " + position);
    }
    return ((long) fileIndex << 40) | position;
  }

  /** The key hash of a CSV line ({@link #keyHash}), without the rest of a record's work. */
  long csvKeyHash(ColumnPlan plan, String text) {
    int fieldsNeeded = 0;
    for (int i : keyColumns) {
      fieldsNeeded = Math.max(fieldsNeeded, plan.sourceIndex[i] + 1);
    }
    return keyHash(plan, csvValues(plan, CsvLine.parse(text, delimiter, fieldsNeeded).fields()));
  }

  /** The file columns the unique key is read from (a key column may also be a constant). */
  int[] keyFileColumns(ColumnPlan plan) {
    return java.util.Arrays.stream(keyColumns).map(i -> plan.sourceIndex[i]).filter(j -> j >= 0).distinct().toArray();
  }

  /**
   * A 64-bit hash of the unique key's contract values as mapped and trimmed, before
   * pseudonymisation (which maps equal values to equal pseudonyms and unequal ones, but for
   * HMAC collisions, to unequal ones). Equal keys have equal hashes; unequal keys share one with
   * probability about 2^-64, which only makes a key a candidate for the duplicate rules.
   */
  long keyHash(ColumnPlan plan, String[] fileValues) {
    // The UTF-8 bytes of each value and a separator, in a buffer kept between records; ASCII,
    // nearly every key, is copied a char a byte. Building a text and encoding it was 3% of ingest.
    int length = 0;
    for (int i : keyColumns) {
      String value = contractValue(plan, i, fileValues);
      String text = value == null ? "\u0000null" : value;
      length = appendUtf8(text, length);
      length = appendUtf8("\u0001", length);
    }
    return org.apache.spark.sql.catalyst.expressions.XXH64.hashUnsafeBytes(keyBytes,
        org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET, length, 42L);
  }

  /**
   * The file column whose cell alone makes the unique key ({@link #keyHashOfCell}): the key has
   * one column, read from the file with no value map; else -1.
   */
  int singleKeyCell(ColumnPlan plan) {
    if (keyColumns.length != 1) {
      return -1;
    }
    int key = keyColumns[0];
    return plan.valueMaps.get(key) == null ? plan.sourceIndex[key] : -1;
  }

  /**
   * {@link #keyHash} of a record whose key is the cell of {@link #singleKeyCell}, given as its
   * UTF-8 bytes (null for a missing cell), without making its text. Why: for usage's 20M event
   * identifiers, decoding each into a Java text and encoding it back for the hash was about two
   * fifths of the keys pass's samples (1M citizens, Parquet input). When the bytes are ASCII they are
   * the text's chars one for one, so trimming (chars up to a space) and the null values compare
   * alike on bytes; other bytes take the text's way, decoded as the reader decodes them.
   */
  long keyHashOfCell(ColumnPlan plan, UTF8String cell) {
    if (cell == null) {
      return keyHash(plan, new String[plan.fileColumns.length]);
    }
    Object base = cell.getBaseObject();
    long offset = cell.getBaseOffset();
    int from = 0;
    int to = cell.numBytes();
    for (int k = from; k < to; k++) {
      if (Platform.getByte(base, offset + k) < 0) {
        String[] values = new String[plan.fileColumns.length];
        values[singleKeyCell(plan)] = cell.toString();
        return keyHash(plan, values);
      }
    }
    while (from < to && Platform.getByte(base, offset + from) <= ' ') {
      from++;
    }
    while (to > from && Platform.getByte(base, offset + to - 1) <= ' ') {
      to--;
    }
    int length = to - from + 1;
    if (keyBytes == null || keyBytes.length < length) {
      keyBytes = new byte[Math.max(64, 2 * length)];
    }
    Platform.copyMemory(base, offset + from, keyBytes, Platform.BYTE_ARRAY_OFFSET, length - 1);
    boolean missing = from == to || !nullValues.isEmpty()
        && nullValues.contains(new String(keyBytes, 0, length - 1, java.nio.charset.StandardCharsets.US_ASCII));
    if (missing) {
      return keyHash(plan, new String[plan.fileColumns.length]);
    }
    keyBytes[length - 1] = 1;
    return org.apache.spark.sql.catalyst.expressions.XXH64.hashUnsafeBytes(keyBytes,
        org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET, length, 42L);
  }

  /** Appends a text's UTF-8 bytes to {@link #keyBytes} at {@code at}; returns the new length. */
  private int appendUtf8(String text, int at) {
    int most = at + 3 * text.length();
    if (keyBytes == null || keyBytes.length < most) {
      keyBytes = java.util.Arrays.copyOf(keyBytes == null ? new byte[64] : keyBytes, Math.max(64, 2 * most));
    }
    for (int k = 0; k < text.length(); k++) {
      char c = text.charAt(k);
      if (c >= 0x80) {
        byte[] encoded = text.substring(k).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (keyBytes.length < at + encoded.length) {
          keyBytes = java.util.Arrays.copyOf(keyBytes, 2 * (at + encoded.length));
        }
        System.arraycopy(encoded, 0, keyBytes, at, encoded.length);
        return at + encoded.length;
      }
      keyBytes[at++] = (byte) c;
    }
    return at;
  }

  /**
   * For links, a 64-bit hash of a row's account as pseudonymised ({@link #accountHash}), which
   * the direct path treats as a second key: a row whose account appears again goes to the second
   * pass with every other row of that account, where the one-account-one-respondent rule sees
   * them together. Seeded apart from {@link #keyHash}, so that an account and a key are not taken
   * for each other (which, were it ever to happen, would only send rows to the second pass).
   */
  static long accountHash(String pseudonym) {
    byte[] bytes = pseudonym.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return org.apache.spark.sql.catalyst.expressions.XXH64.hashUnsafeBytes(bytes,
        org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET, bytes.length, 43L);
  }

  private static String[] csvValues(ColumnPlan plan, List<String> fields) {
    String[] values = new String[plan.fileColumns.length];
    for (int j = 0; j < Math.min(values.length, fields.size()); j++) {
      values[j] = fields.get(j);
    }
    return values;
  }

  Row csv(ColumnPlan plan, String file, Long line, Long offset, long rowId, String text, String encodingProblem) {
    CsvLine parsed = CsvLine.parse(text, delimiter);
    List<String> fields = parsed.fields();
    int expected = plan.fileColumns.length;
    String malformed = null;
    String raw = null;
    if (parsed.unterminatedQuote() || fields.size() > expected) {
      malformed = parsed.unterminatedQuote() ? "a quoted field is not closed"
          : "line has " + fields.size() + " fields, the header has " + expected;
      // Fields cannot be aligned with the header, so none is shown if any could be sensitive.
      raw = plan.hasSensitiveColumns() ? "(not shown: " + malformed + ")" : text;
    } else {
      if (fields.size() < expected) {
        malformed = "line has " + fields.size() + " fields, the header has " + expected;
      }
      if (withProvenanceText) {
        List<String> shown = new ArrayList<>(fields.size());
        for (int j = 0; j < fields.size(); j++) {
          shown.add(!plan.kept[j] ? "" : plan.identifier[j] ? pseudonymiser.pseudonym(fields.get(j)) : fields.get(j));
        }
        raw = CsvLine.format(shown, delimiter);
      }
    }
    return record(plan, file, line, offset, rowId, raw, malformed, encodingProblem, csvValues(plan, fields));
  }

  Row json(ColumnPlan plan, String file, Long line, Long offset, long rowId, String text, String encodingProblem) {
    if (json == null) {
      json = new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
    String[] values = new String[plan.fileColumns.length];
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (JsonEOFException e) {
      return record(plan, file, line, offset, rowId, scrubJson(plan, text), "the line ends inside a JSON value",
          encodingProblem, values);
    } catch (JsonProcessingException e) {
      // Jackson's message may quote the offending text, which may be personal: not passed on.
      return record(plan, file, line, offset, rowId, scrubJson(plan, text), "not valid JSON", encodingProblem, values);
    }
    if (!(node instanceof ObjectNode object)) {
      return record(plan, file, line, offset, rowId, scrubJson(plan, text), "not a JSON object", encodingProblem, values);
    }
    ObjectNode shown = json.createObjectNode();
    Iterator<Map.Entry<String, JsonNode>> entries = object.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      int j = plan.indexOf(entry.getKey());
      JsonNode value = entry.getValue();
      if (j < 0) {
        continue;
      }
      values[j] = value.isNull() ? null : value.isNumber() && value.isBigDecimal()
          ? value.decimalValue().toPlainString() : value.isValueNode() ? value.asText() : value.toString();
      if (withProvenanceText && plan.kept[j]) {
        shown.set(entry.getKey(), plan.identifier[j] && value.isValueNode() && !value.isNull()
            ? json.getNodeFactory().textNode(pseudonymiser.pseudonym(values[j])) : value);
      }
    }
    return record(plan, file, line, offset, rowId, shown.toString(), null, encodingProblem, values);
  }

  /** A Parquet row already split into file columns (values as text, see {@link ParquetRecords}). */
  Row values(ColumnPlan plan, String file, Long line, long rowId, String[] values) {
    if (!withProvenanceText) {
      return record(plan, file, line, null, rowId, null, null, null, values);
    }
    if (json == null) {
      json = new ObjectMapper();
    }
    ObjectNode shown = json.createObjectNode();
    for (int j = 0; j < values.length; j++) {
      if (plan.kept[j]) {
        shown.put(plan.fileColumns[j], plan.identifier[j] ? pseudonymiser.pseudonym(values[j]) : values[j]);
      }
    }
    return record(plan, file, line, null, rowId, shown.toString(), null, null, values);
  }

  /** Removes the values of columns that are not kept and pseudonymises identifiers in a line that is not valid JSON. */
  private String scrubJson(ColumnPlan plan, String text) {
    String result = text;
    for (int j = 0; j < plan.fileColumns.length; j++) {
      Pattern pair = Pattern.compile("\"" + Pattern.quote(plan.fileColumns[j])
          + "\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\s]*)");
      Matcher matcher = pair.matcher(result);
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        String replacement;
        if (!plan.kept[j]) {
          replacement = "\"" + plan.fileColumns[j] + "\":null";
        } else if (plan.identifier[j]) {
          String value = matcher.group(1).replaceAll("^\"|\"$", "");
          replacement = "\"" + plan.fileColumns[j] + "\":\"" + pseudonymiser.pseudonym(value) + "\"";
        } else {
          replacement = matcher.group();
        }
        matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
      }
      matcher.appendTail(out);
      result = out.toString();
    }
    // Keys outside the plan (unknown, possibly personal) are dropped with their values.
    return result.replaceAll("\"(?!(" + knownKeys(plan) + ")\")[^\"]*\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"?|[^,}\\s]*)",
        "\"?\":null");
  }

  private static String knownKeys(ColumnPlan plan) {
    List<String> keys = new ArrayList<>();
    for (String column : plan.fileColumns) {
      keys.add(Pattern.quote(column));
    }
    return String.join("|", keys);
  }

  private Row record(ColumnPlan plan, String file, Long line, Long offset, long rowId, String raw, String malformed,
      String encodingProblem, String[] fileValues) {
    Object[] row = new Object[FIXED + plan.sourceIndex.length];
    row[0] = withProvenanceText ? file : "";
    row[1] = line;
    row[2] = offset;
    row[3] = withProvenanceText ? raw : null;
    row[MALFORMED_INDEX] = malformed;
    row[ENCODING_INDEX] = encodingProblem;
    boolean personal = false;
    for (int j = 0; j < fileValues.length; j++) {
      if (plan.personal[j] && cell(fileValues[j]) != null) {
        personal = true;
      }
    }
    row[PERSONAL_INDEX] = personal;
    row[DATE_OF_BIRTH_INDEX] = plan.dateOfBirthIndex >= 0 ? cell(fileValues[plan.dateOfBirthIndex]) : null;
    row[ROW_ID_INDEX] = rowId;
    row[KEY_HASH_INDEX] = keyHash(plan, fileValues);
    for (int i = 0; i < plan.sourceIndex.length; i++) {
      int j = plan.sourceIndex[i];
      row[FIXED + i] = contractText(plan, i, j >= 0 ? fileValues[j] : null);
    }
    return RowFactory.create(row);
  }

  /** Contract column {@code i} as text: its cell (or constant), value-mapped, not yet pseudonymised. */
  private String contractValue(ColumnPlan plan, int i, String[] fileValues) {
    int j = plan.sourceIndex[i];
    return mapped(plan, i, j >= 0 ? fileValues[j] : null);
  }

  /**
   * Contract column {@code i}'s text in a record, from its file cell alone ({@code fileCell}, the
   * cell's text; ignored for a column that is a constant): as {@link #record} makes it, trimmed,
   * value-mapped and pseudonymised. For judging a column's distinct cells once ({@link ParquetCellRules}).
   */
  String contractText(ColumnPlan plan, int i, String fileCell) {
    String value = mapped(plan, i, fileCell);
    return value != null && contractIdentifier[i] ? pseudonymiser.pseudonym(value) : value;
  }

  /**
   * Whether contract column {@code i}'s text is its cell's own text, trimmed ({@link #contractText}):
   * not pseudonymised, no value map, and no null values but the empty text.
   */
  boolean cellIsText(ColumnPlan plan, int i) {
    return !contractIdentifier[i] && plan.valueMaps.get(i) == null && nullValues.isEmpty();
  }

  /** Whether a cell's text counts as present (not empty, blank or a null value), as a record takes it. */
  boolean present(String fileCell) {
    return cell(fileCell) != null;
  }

  private String mapped(ColumnPlan plan, int i, String fileCell) {
    String value = plan.sourceIndex[i] >= 0 ? cell(fileCell) : plan.constants[i];
    Map<String, String> mapping = plan.valueMaps.get(i);
    if (value != null && mapping != null && mapping.containsKey(value)) {
      value = mapping.get(value);
    }
    return value;
  }

  /** The trimmed text of a cell, or null when it is empty or one of the input's null values. */
  private String cell(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.trim();
    // The emptiness test first: it spares every cell a hash of its text when there are no null values.
    return trimmed.isEmpty() || !nullValues.isEmpty() && nullValues.contains(trimmed) ? null : trimmed;
  }
}
