package org.coprod.ingest;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.util.AccumulatorV2;

/**
 * Records a reader produced, counted per input partition as the reader runs, so that rows read
 * are known without a separate counting job and independently of the validation that follows
 * (the ingest invariant compares the two).
 *
 * <p>A partition's count is set, not added: a task that runs again (a retried stage, a cache
 * block recomputed after an executor is lost) reads the same records and sets the same count,
 * so the total stays exact where a plain counter would count them twice. Failed attempts do not
 * report (Spark drops their updates). Only a partition read to its end reports its count.
 */
final class RecordsRead extends AccumulatorV2<RecordsRead.Partition, Long> {

  private static final long serialVersionUID = 1L;

  /** The records of one input partition (a file split, or a Parquet scan partition). */
  record Partition(String id, long records) implements Serializable {}

  private final HashMap<String, Long> byPartition = new HashMap<>();

  @Override
  public boolean isZero() {
    synchronized (byPartition) {
      return byPartition.isEmpty();
    }
  }

  @Override
  public RecordsRead copy() {
    RecordsRead copy = new RecordsRead();
    synchronized (byPartition) {
      copy.byPartition.putAll(byPartition);
    }
    return copy;
  }

  @Override
  public void reset() {
    synchronized (byPartition) {
      byPartition.clear();
    }
  }

  @Override
  public void add(Partition partition) {
    synchronized (byPartition) {
      byPartition.put(partition.id(), partition.records());
    }
  }

  @Override
  public void merge(AccumulatorV2<Partition, Long> other) {
    Map<String, Long> counts = ((RecordsRead) other).partitions();
    synchronized (byPartition) {
      byPartition.putAll(counts);
    }
  }

  /** Records over every partition reported so far. */
  @Override
  public Long value() {
    synchronized (byPartition) {
      return byPartition.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Partitions that reported. */
  int partitionsReported() {
    synchronized (byPartition) {
      return byPartition.size();
    }
  }

  private Map<String, Long> partitions() {
    synchronized (byPartition) {
      return new HashMap<>(byPartition);
    }
  }
}
