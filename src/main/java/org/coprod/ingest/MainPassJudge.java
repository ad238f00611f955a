package org.coprod.ingest;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.util.LongAccumulator;

/**
 * The direct path's main pass judged as the reader reads ({@link ReaderRowRules}): each record,
 * parsed without its provenance text, becomes the typed row of the clean table, or is left for
 * the second pass. A record left is parsed again with its file name and raw text, which only
 * quarantined rows need, and written to the task's {@link RestRecords} file; its position goes to
 * {@link ExcludedRows}, which counts and bounds what the second pass will hold.
 *
 * <p>The judge counts the rows it accepts, and of them those with personal data removed, into
 * accumulators, rather than the write counting them with an observation. Why: the observation
 * updated an aggregate for each row (1.3% of usage's main pass's samples at 1M citizens, Parquet
 * input), and the projection that then dropped the personal-data flag copied each row's texts
 * once more. A task's counts reach the driver only when it succeeds, as an observation's do; the
 * write stage has no shuffle, so no task runs again once it has.
 *
 * <p>The handlers keep one task's state (the rules and keys taken out of their broadcasts, the
 * rest file), made in the task by {@code forTask()}; the reader calls {@code finish()} after the
 * task's last record, which closes and reports the file.
 */
final class MainPassJudge implements Serializable {

  private static final long serialVersionUID = 1L;
  private final Broadcast<ReaderRowRules> rules;
  private final Broadcast<RowSet> candidates;
  private final ExcludedRows excluded;
  private final RestRecords rest;
  private final LongAccumulator accepted;
  private final LongAccumulator acceptedPersonal;

  MainPassJudge(Broadcast<ReaderRowRules> rules, Broadcast<RowSet> candidates, ExcludedRows excluded,
      RestRecords rest, SparkContext context, String source) {
    this.rules = rules;
    this.candidates = candidates;
    this.excluded = excluded;
    this.rest = rest;
    this.accepted = context.longAccumulator("ingest " + source + ": rows the main pass writes");
    this.acceptedPersonal = context.longAccumulator("ingest " + source + ": of them, with personal data removed");
  }

  /** Rows accepted (and so written) by the main pass's successful tasks. */
  long accepted() {
    return accepted.value();
  }

  /** Of {@link #accepted}, the rows whose personal data was removed. */
  long acceptedPersonal() {
    return acceptedPersonal.value();
  }

  /** For CSV and JSON lines: {@code quick} parses without provenance text, {@code full} with it. */
  TextRecords.LineHandler<InternalRow> lines(TextRecords.LineHandler<Row> quick, TextRecords.LineHandler<Row> full) {
    return new Lines(this, quick, full, null);
  }

  /**
   * For Parquet rows, as {@link #lines}; {@code parser} is {@code quick}'s, with which the rows
   * are judged from their cells where the source allows it ({@link ParquetCellRules}).
   */
  ParquetRecords.RowHandler<InternalRow> parquetRows(RecordParser parser, ParquetRecords.RowHandler<Row> quick,
      ParquetRecords.RowHandler<Row> full) {
    return new ParquetRows(this, parser, quick, full, null);
  }

  /** One task's judge. */
  private final class Task {
    private final ReaderRowRules taskRules = rules.value();
    private final RowSet taskCandidates = candidates.value();
    private final ReaderRowRules.TextMemo memo = taskRules.newMemo();
    private final RestRecords.Writer restWriter = rest.writer();

    /** The clean row of a record, counted, or null when it is left for the second pass. */
    InternalRow typed(Row record) {
      InternalRow typed = taskRules.typed(record, taskCandidates, memo);
      if (typed != null) {
        accepted.add(1);
        if (record.getBoolean(RecordParser.PERSONAL_INDEX)) {
          acceptedPersonal.add(1);
        }
      }
      return typed;
    }

    /** As {@link #typed(Row)}, from a Parquet row's cells. */
    InternalRow typed(ParquetCellRules cellRules) {
      InternalRow typed = cellRules.typed(taskCandidates);
      if (typed != null) {
        accepted.add(1);
        if (cellRules.personal()) {
          acceptedPersonal.add(1);
        }
      }
      return typed;
    }

    void leave(Row fullRecord) {
      excluded.add(fullRecord.getLong(RecordParser.ROW_ID_INDEX));
      restWriter.write(fullRecord);
    }
  }

  private static final class Lines implements TextRecords.LineHandler<InternalRow> {
    private static final long serialVersionUID = 1L;
    private final MainPassJudge judge;
    private final TextRecords.LineHandler<Row> quick;
    private final TextRecords.LineHandler<Row> full;
    private final transient Task task;

    Lines(MainPassJudge judge, TextRecords.LineHandler<Row> quick, TextRecords.LineHandler<Row> full, Task task) {
      this.judge = judge;
      this.quick = quick;
      this.full = full;
      this.task = task;
    }

    @Override
    public Lines forTask() {
      return new Lines(judge, quick.forTask(), full.forTask(), judge.new Task());
    }

    @Override
    public InternalRow handle(TextRecords.FileInfo info, String file, Long line, Long offset, long rowId,
        String decoded, String encodingProblem) {
      InternalRow typed = task.typed(quick.handle(info, file, line, offset, rowId, decoded, encodingProblem));
      if (typed == null) {
        task.leave(full.handle(info, file, line, offset, rowId, decoded, encodingProblem));
      }
      return typed;
    }

    @Override
    public void finish() {
      task.restWriter.finish();
    }
  }

  private static final class ParquetRows implements ParquetRecords.RowHandler<InternalRow> {
    private static final long serialVersionUID = 1L;
    private final MainPassJudge judge;
    private final RecordParser parser;
    private final ParquetRecords.RowHandler<Row> quick;
    private final ParquetRecords.RowHandler<Row> full;
    private final transient Task task;
    /** The task's judge of cells, for the plan it was made for; none made yet when the plan is null. */
    private transient ColumnPlan cellRulesPlan;
    private transient ParquetCellRules cellRules;

    ParquetRows(MainPassJudge judge, RecordParser parser, ParquetRecords.RowHandler<Row> quick,
        ParquetRecords.RowHandler<Row> full, Task task) {
      this.judge = judge;
      this.parser = parser;
      this.quick = quick;
      this.full = full;
      this.task = task;
    }

    @Override
    public ParquetRows forTask() {
      return new ParquetRows(judge, parser, quick.forTask(), full.forTask(), judge.new Task());
    }

    @Override
    public InternalRow handle(TextRecords.FileInfo info, String file, Long line, long rowId,
        ParquetRecords.Cells cells) {
      if (info.plan() != cellRulesPlan) {
        cellRulesPlan = info.plan();
        cellRules = ParquetCellRules.of(task.taskRules, parser, cellRulesPlan, task.memo, cells);
      }
      if (cellRules == null) {
        return handle(info, file, line, rowId, cells.texts());
      }
      InternalRow typed = task.typed(cellRules);
      if (typed == null) {
        task.leave(full.handle(info, file, line, rowId, cells.texts()));
      }
      return typed;
    }

    @Override
    public InternalRow handle(TextRecords.FileInfo info, String file, Long line, long rowId, String[] values) {
      InternalRow typed = task.typed(quick.handle(info, file, line, rowId, values));
      if (typed == null) {
        task.leave(full.handle(info, file, line, rowId, values));
      }
      return typed;
    }

    @Override
    public void finish() {
      task.restWriter.finish();
    }
  }
}
