package org.coprod.ingest;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.spec.InputSpec;

/**
 * Reads CSV and JSON Lines files line by line through Hadoop's {@link TextInputFormat} (any
 * filesystem, splittable plain files, gzip and other codecs by file extension), so that each
 * record keeps its file, line number and byte offset and its bytes are decoded here, where an
 * invalid byte becomes a rule failure instead of a silent replacement character.
 *
 * <p>Line numbers count from 1 with the header as line 1. They are known for splits that start
 * at the beginning of a file (every compressed file, every small file); for later splits of a
 * large plain file only the byte offset is known. Blank lines are not records and are skipped.
 */
final class TextRecords {

  private TextRecords() {}

  /** A file to read, with its column plan and its index in the input listing (for {@link RecordParser#rowId}). */
  record FileInfo(ColumnPlan plan, boolean compressed, int index) implements Serializable {}

  /** What a reader makes of one decoded line (null: nothing). */
  interface LineHandler<T> extends Serializable {
    T handle(FileInfo info, String file, Long line, Long offset, long rowId, String decoded, String encodingProblem);

    /** The handler of one task's lines, made in the task: this one, unless it keeps state for the task. */
    default LineHandler<T> forTask() {
      return this;
    }

    /** Called in the task once its lines have all been handled. */
    default void finish() {}
  }

  /** The key of a file in the plan map: its path without scheme and authority, as splits and listings agree on it. */
  static String key(Path path) {
    return path.toUri().getPath();
  }

  /**
   * The records whose {@link RecordParser#rowId} is in {@code only} (every record when it is
   * null), parsed; other lines are not even decoded.
   */
  static JavaRDD<Row> read(SparkSession spark, InputSpec input, List<String> files, long inputBytes,
      Map<String, FileInfo> plans, RecordParser parser, RecordsRead recordsRead,
      org.apache.spark.broadcast.Broadcast<RowSet> only) {
    return lines(spark, input, files, inputBytes, plans, recordsRead, only, handler(input, parser));
  }

  /** What {@code handler} makes of every record, with the records counted into {@code recordsRead}. */
  static <T> JavaRDD<T> handled(SparkSession spark, InputSpec input, List<String> files, long inputBytes,
      Map<String, FileInfo> plans, RecordsRead recordsRead, LineHandler<T> handler) {
    return lines(spark, input, files, inputBytes, plans, recordsRead, null, handler);
  }

  /** The key hash of every CSV record ({@link RecordParser#csvKeyHash}); JSON records are parsed whole for it. */
  static JavaRDD<Long> keyHashes(SparkSession spark, InputSpec input, List<String> files, long inputBytes,
      Map<String, FileInfo> plans, RecordParser parser) {
    boolean csv = input.format() == InputSpec.Format.CSV;
    return lines(spark, input, files, inputBytes, plans, null, null, (info, file, line, offset, rowId, decoded, problem) -> csv
        ? parser.csvKeyHash(info.plan(), decoded)
        : parser.json(info.plan(), file, line, offset, rowId, decoded, problem).getLong(RecordParser.KEY_HASH_INDEX));
  }

  /**
   * Most bytes per split of a plain file when the session does not set
   * {@code spark.sql.files.maxPartitionBytes}: 256 MiB, twice Spark's default. Why: each task of
   * the usage write writes a file per month, and a task cost about 0.37 s besides its bytes (usage
   * at 1M citizens, ten files of 165 MB: tasks of 128 MB took 5.3 s and of 37 MB 1.8 s). With
   * 256 MiB, ten tasks instead of twenty, the main pass took 29.9-31.3 s against 32.0-34.3 s.
   */
  static final long MOST_SPLIT_BYTES = 256L << 20;

  private static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";

  /**
   * Bytes per split of a plain file, as Spark's own file sources choose them
   * ({@code FilePartition.maxSplitBytes}): the input spread over the session's cores, but at
   * least {@code spark.sql.files.openCostInBytes} (4 MiB) and at most
   * {@code spark.sql.files.maxPartitionBytes} when the session sets it, else
   * {@link #MOST_SPLIT_BYTES}. Hadoop's default, the file system's block size, is 32 MiB on a
   * local disk: 50 tasks for usage at 1M citizens, each writing a file per month. With 128 MiB
   * splits the main pass took 40 s against 46-48 s. A split size set in the Hadoop configuration
   * ({@code mapreduce.input.fileinputformat.split.maxsize}) is used instead.
   */
  static long splitBytes(SparkSession spark, long inputBytes) {
    long most = spark.conf().contains(MAX_PARTITION_BYTES)
        ? org.apache.spark.network.util.JavaUtils.byteStringAsBytes(spark.conf().get(MAX_PARTITION_BYTES))
        : MOST_SPLIT_BYTES;
    long least = org.apache.spark.network.util.JavaUtils.byteStringAsBytes(
        spark.conf().get("spark.sql.files.openCostInBytes", "4m"));
    long perCore = inputBytes / Math.max(1, spark.sparkContext().defaultParallelism());
    return Math.min(most, Math.max(least, perCore));
  }

  /** The raw records {@code parser} makes of CSV or JSON lines. */
  static LineHandler<Row> handler(InputSpec input, RecordParser parser) {
    boolean csv = input.format() == InputSpec.Format.CSV;
    return (info, file, line, offset, rowId, decoded, problem) -> csv
        ? parser.csv(info.plan(), file, line, offset, rowId, decoded, problem)
        : parser.json(info.plan(), file, line, offset, rowId, decoded, problem);
  }

  private static <T> JavaRDD<T> lines(SparkSession spark, InputSpec input, List<String> files, long inputBytes,
      Map<String, FileInfo> plans, RecordsRead recordsRead, org.apache.spark.broadcast.Broadcast<RowSet> only,
      LineHandler<T> handler) {
    Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
    Job job;
    try {
      job = Job.getInstance(conf);
      FileInputFormat.setInputPaths(job, files.stream().map(Path::new).toArray(Path[]::new));
      if (conf.get(FileInputFormat.SPLIT_MAXSIZE) == null) {
        long splitBytes = splitBytes(spark, inputBytes);
        FileInputFormat.setMinInputSplitSize(job, splitBytes);
        FileInputFormat.setMaxInputSplitSize(job, splitBytes);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    @SuppressWarnings("unchecked")
    JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) context.newAPIHadoopRDD(
        job.getConfiguration(), TextInputFormat.class, LongWritable.class, Text.class);
    boolean csv = input.format() == InputSpec.Format.CSV;
    String charset = input.encoding();
    return lines.mapPartitionsWithInputSplit((split, iterator) -> {
      FileSplit fileSplit = (FileSplit) split;
      String file = fileSplit.getPath().toString();
      FileInfo info = plans.get(key(fileSplit.getPath()));
      if (info == null) {
        throw new IllegalStateException("no column plan for " + file);
      }
      boolean fromStart = fileSplit.getStart() == 0;
      return new Records<>(iterator, info, file, fromStart, csv, Charset.forName(charset), handler, recordsRead,
          file + "@" + fileSplit.getStart(), only == null ? null : only.value());
    }, true);
  }

  /** Charsets in which the bytes below 0x80 are ASCII, one byte a character. */
  private static final java.util.Set<String> ASCII_COMPATIBLE = java.util.Set.of("UTF-8", "US-ASCII", "ISO-8859-1",
      "ISO-8859-15", "windows-1252");

  /** Decodes and parses the lines of one split lazily. */
  private static final class Records<T> implements Iterator<T> {
    private final Iterator<scala.Tuple2<LongWritable, Text>> lines;
    private final FileInfo info;
    private final String file;
    private final boolean csv;
    private final LineHandler<T> handler;
    private final RowSet only;
    private final CharsetDecoder strict;
    private final Charset charset;
    /**
     * Whether an all-ASCII line decodes to the same text in the input's charset as in Latin-1,
     * whose decoding is a copy: nearly every line of an export is ASCII, and the strict decoder
     * and its buffers were 2.6% of a profile of ingest at 1M citizens.
     */
    private final boolean asciiCompatible;
    private long lineNumber;
    private final boolean counting;
    private final RecordsRead recordsRead;
    private final String split;
    private long records;
    private boolean finished;
    private T next;

    Records(Iterator<scala.Tuple2<LongWritable, Text>> lines, FileInfo info, String file, boolean fromStart,
        boolean csv, Charset charset, LineHandler<T> handler, RecordsRead recordsRead, String split, RowSet only) {
      this.lines = lines;
      this.info = info;
      this.file = file;
      this.csv = csv;
      this.handler = handler.forTask();
      this.only = only;
      this.charset = charset;
      this.strict = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      this.asciiCompatible = ASCII_COMPATIBLE.contains(charset.name());
      this.counting = fromStart;
      this.recordsRead = recordsRead;
      this.split = split;
      if (fromStart && csv && lines.hasNext()) {
        lines.next(); // the header, checked on the driver
        lineNumber = 1;
      }
    }

    @Override
    public boolean hasNext() {
      while (next == null && lines.hasNext()) {
        scala.Tuple2<LongWritable, Text> pair = lines.next();
        lineNumber++;
        Long line = counting ? lineNumber : null;
        Long offset = info.compressed() ? null : pair._1().get();
        long rowId = RecordParser.rowId(info.index(), offset != null ? offset : lineNumber);
        if (only != null && !only.contains(rowId)) {
          continue;
        }
        Text text = pair._2();
        String decoded;
        String problem = null;
        try {
          decoded = asciiCompatible && isAscii(text) ? new String(text.getBytes(), 0, text.getLength(),
              java.nio.charset.StandardCharsets.ISO_8859_1)
              : strict.decode(ByteBuffer.wrap(text.getBytes(), 0, text.getLength())).toString();
        } catch (CharacterCodingException e) {
          problem = "bytes not valid " + charset.name() + " near byte " + firstInvalid(text);
          decoded = charset.decode(ByteBuffer.wrap(text.getBytes(), 0, text.getLength())).toString();
        }
        if (decoded.isBlank()) {
          continue;
        }
        if (lineNumber == 1 && !decoded.isEmpty() && decoded.charAt(0) == '\uFEFF') {
          decoded = decoded.substring(1);
        }
        next = handler.handle(info, file, line, offset, rowId, decoded, problem);
        records++;
      }
      if (next == null && !finished) {
        finished = true;
        handler.finish();
        if (recordsRead != null) {
          recordsRead.add(new RecordsRead.Partition(split, records));
        }
      }
      return next != null;
    }

    /** Whether every byte of the line is ASCII (below 0x80). */
    private static boolean isAscii(Text text) {
      byte[] bytes = text.getBytes();
      for (int i = 0, n = text.getLength(); i < n; i++) {
        if (bytes[i] < 0) {
          return false;
        }
      }
      return true;
    }

    private int firstInvalid(Text text) {
      CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
      ByteBuffer in = ByteBuffer.wrap(text.getBytes(), 0, text.getLength());
      CharBuffer out = CharBuffer.allocate(text.getLength() + 1);
      decoder.decode(in, out, true);
      return in.position();
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T row = next;
      next = null;
      return row;
    }
  }
}
