package org.coprod.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.io.CompressionCodec;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The records a {@link DirectIngest} main pass leaves for its second pass, written by each task
 * as it reads them, with their provenance and raw text, to a file of its own in a scratch folder;
 * the second pass reads these files instead of the whole input again.
 *
 * <p>Why: the second pass found its rows by reading every line of the input again (at 1M
 * citizens, 1.6 GB of usage CSV read to keep 292k lines: about 5 of its 8 s).
 *
 * <p>Only a task that succeeds counts: a file is named by its task attempt and reported through
 * an accumulator when the task's input ends, and Spark merges the accumulator updates of a
 * result stage's successful tasks only, once a partition. Files of failed or duplicate attempts
 * stay unread in the scratch folder, which the ingest deletes with the rest of its scratch.
 *
 * <p>The format is Spark's I/O compression codec around a stream of records, each a field count
 * and then tagged fields (null, text, long, boolean), ending with a count of -1. Text is written
 * as modified UTF-8 in chunks, which keeps any Java string exactly (an unpaired surrogate too).
 */
final class RestRecords implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int END = -1;
  private static final byte NULL = 0;
  private static final byte TEXT = 1;
  private static final byte LONG = 2;
  private static final byte TRUE = 3;
  private static final byte FALSE = 4;
  /** Chars per writeUTF call: at most 3 bytes each, within its 65,535-byte limit. */
  private static final int CHUNK = 16_384;

  private final String folder;
  private final Broadcast<SerializableConfiguration> hadoop;
  private final CollectionAccumulator<String> written;

  private RestRecords(String folder, Broadcast<SerializableConfiguration> hadoop, CollectionAccumulator<String> written) {
    this.folder = folder;
    this.hadoop = hadoop;
    this.written = written;
  }

  /** Files for one source's rest under {@code folder}, which must not hold others' files. */
  static RestRecords in(JavaSparkContext context, String folder, String name) {
    Broadcast<SerializableConfiguration> hadoop = context.broadcast(
        new SerializableConfiguration(context.hadoopConfiguration()));
    CollectionAccumulator<String> written = context.sc().collectionAccumulator(name);
    return new RestRecords(folder, hadoop, written);
  }

  /** A writer for the running task's records; the file is created with the first record. */
  Writer writer() {
    return new Writer(TaskContext.get());
  }

  /**
   * The records written by the successful tasks, counted into {@code recordsRead} file by file,
   * in as many partitions as the cores (or the files, when fewer). Why not one a file: the files
   * are small (at 1M citizens, 13k rows of survey in ten files), and each task of the second
   * pass's large generated plan cost about 0.2 s to start, more than its rows.
   */
  JavaRDD<Row> read(JavaSparkContext context, RecordsRead recordsRead) {
    List<String> files = new ArrayList<>(files().keySet());
    if (files.isEmpty()) {
      return context.emptyRDD();
    }
    Broadcast<SerializableConfiguration> conf = hadoop;
    int partitions = Math.min(files.size(), context.defaultParallelism());
    return context.parallelize(files, partitions).mapPartitions(paths -> new Iterator<Row>() {
      private Reader file;

      @Override
      public boolean hasNext() {
        while ((file == null || !file.hasNext()) && paths.hasNext()) {
          file = new Reader(paths.next(), conf.value().value(), recordsRead);
        }
        return file != null && file.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return file.next();
      }
    });
  }

  /** Records the successful tasks wrote, by file. */
  long recordsWritten() {
    return files().values().stream().mapToLong(Long::longValue).sum();
  }

  /** One file per partition: the successful attempt's (two, were there ever two, hold the same records). */
  private Map<String, Long> files() {
    Map<Integer, String> byPartition = new java.util.TreeMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String entry : written.value()) {
      String[] parts = entry.split("\t", 3);
      if (byPartition.putIfAbsent(Integer.parseInt(parts[0]), parts[2]) == null) {
        counts.put(parts[2], Long.parseLong(parts[1]));
      }
    }
    return counts;
  }

  /** Writes one task's records; see {@link RestRecords}. */
  final class Writer {
    private final TaskContext task;
    private Path path;
    private DataOutputStream out;
    private long records;
    private boolean finished;

    private Writer(TaskContext task) {
      this.task = task;
      // A failed or killed task closes and deletes its file; a successful one has finished.
      task.addTaskCompletionListener(context -> {
        if (!finished) {
          abandon();
        }
      });
    }

    void write(Row record) {
      try {
        if (out == null) {
          open();
        }
        writeRecord(out, record);
        records++;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the rest of the input to " + path, e);
      }
    }

    /** Closes the file and reports it: called once the task's input has ended. */
    void finish() {
      if (finished) {
        return;
      }
      finished = true;
      if (out == null) {
        return;
      }
      try {
        out.writeInt(END);
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the rest of the input to " + path, e);
      }
      written.add(task.partitionId() + "\t" + records + "\t" + path);
    }

    private void open() throws IOException {
      path = new Path(folder, "part-" + task.partitionId() + "-attempt-" + task.taskAttemptId());
      Configuration conf = hadoop.value().value();
      FileSystem fileSystem = path.getFileSystem(conf);
      out = new DataOutputStream(new BufferedOutputStream(
          codec().compressedOutputStream(fileSystem.create(path, false)), 1 << 16));
    }

    private void abandon() {
      if (out == null) {
        return;
      }
      try {
        out.close();
      } catch (IOException e) {
        // the file is deleted next; nothing reads it
      }
      try {
        path.getFileSystem(hadoop.value().value()).delete(path, false);
      } catch (IOException e) {
        // best effort: unreported files are never read, and the scratch folder goes at the end
      }
    }
  }

  private static CompressionCodec codec() {
    return org.apache.spark.io.CompressionCodec$.MODULE$.createCodec(SparkEnv.get().conf());
  }

  static void writeRecord(DataOutputStream out, Row record) throws IOException {
    out.writeInt(record.length());
    for (int i = 0; i < record.length(); i++) {
      Object value = record.get(i);
      if (value == null) {
        out.writeByte(NULL);
      } else if (value instanceof String text) {
        out.writeByte(TEXT);
        out.writeInt(text.length());
        for (int at = 0; at < text.length(); at += CHUNK) {
          out.writeUTF(text.substring(at, Math.min(text.length(), at + CHUNK)));
        }
      } else if (value instanceof Long number) {
        out.writeByte(LONG);
        out.writeLong(number);
      } else if (value instanceof Boolean flag) {
        out.writeByte(flag ? TRUE : FALSE);
      } else {
        throw new IllegalArgumentException("a raw record holds text, longs and booleans, not " + value.getClass());
      }
    }
  }

  /** The next record, or null at the end of the stream. */
  static Row readRecord(DataInputStream in) throws IOException {
    int width = in.readInt();
    if (width == END) {
      return null;
    }
    Object[] values = new Object[width];
    for (int i = 0; i < width; i++) {
      byte tag = in.readByte();
      values[i] = switch (tag) {
        case NULL -> null;
        case TEXT -> readText(in);
        case LONG -> in.readLong();
        case TRUE -> Boolean.TRUE;
        case FALSE -> Boolean.FALSE;
        default -> throw new IOException("unknown field tag " + tag);
      };
    }
    return RowFactory.create(values);
  }

  private static String readText(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length == 0) {
      return ""; // written as no chunk at all
    }
    if (length <= CHUNK) {
      return in.readUTF();
    }
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      text.append(in.readUTF());
    }
    return text.toString();
  }

  /**
   * Reads one file and counts its records into {@code recordsRead} when it ends (the second pass
   * compares the total with the rows the main pass left, {@link DirectIngest}).
   */
  private static final class Reader implements Iterator<Row> {
    private final String file;
    private final DataInputStream in;
    private final RecordsRead recordsRead;
    private long records;
    private Row next;
    private boolean ended;

    Reader(String file, Configuration conf, RecordsRead recordsRead) {
      this.file = file;
      Path path = new Path(file);
      try {
        this.in = new DataInputStream(new BufferedInputStream(
            codec().compressedInputStream(path.getFileSystem(conf).open(path)), 1 << 16));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the rest of the input in " + file, e);
      }
      this.recordsRead = recordsRead;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !ended) {
        try {
          next = readRecord(in);
          if (next == null) {
            ended = true;
            in.close();
            recordsRead.add(new RecordsRead.Partition(file, records));
          } else {
            records++;
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the rest of the input from " + file, e);
        }
      }
      return next != null;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = next;
      next = null;
      return row;
    }
  }
}
