package org.coprod.ingest;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * The positions ({@link RecordParser#rowId}) of the records a {@link DirectIngest} pass leaves
 * for its second pass, gathered while the clean table is written so that no other job has to
 * find them.
 *
 * <p>Kept per input partition and set, not added, on merge, as {@link RecordsRead} does: a task
 * that runs again reports the same records. A partition that would hold more than {@code limit}
 * positions stops gathering them and reports that it overflowed; the caller then validates the
 * source the ordinary way, with no positions at all.
 */
final class ExcludedRows extends AccumulatorV2<Long, Long> {

  private static final long serialVersionUID = 1L;
  private final int limit;
  /** Per partition, its positions; an array of length 0 with {@link #overflowed} set when it overflowed. */
  private final HashMap<Integer, long[]> byPartition = new HashMap<>();
  private final HashMap<Integer, Integer> sizes = new HashMap<>();
  private boolean overflowed;

  ExcludedRows(int limit) {
    this.limit = limit;
  }

  @Override
  public synchronized boolean isZero() {
    return byPartition.isEmpty() && !overflowed;
  }

  @Override
  public synchronized ExcludedRows copy() {
    ExcludedRows copy = new ExcludedRows(limit);
    byPartition.forEach((partition, rows) -> copy.byPartition.put(partition, rows.clone()));
    copy.sizes.putAll(sizes);
    copy.overflowed = overflowed;
    return copy;
  }

  @Override
  public synchronized void reset() {
    byPartition.clear();
    sizes.clear();
    overflowed = false;
  }

  /** Adds a position, in a task: the partition is the task's. */
  @Override
  public synchronized void add(Long rowId) {
    int partition = TaskContext.getPartitionId();
    if (overflowed) {
      return;
    }
    long[] rows = byPartition.computeIfAbsent(partition, p -> new long[16]);
    int size = sizes.getOrDefault(partition, 0);
    if (size == limit) {
      overflowed = true;
      byPartition.clear();
      sizes.clear();
      return;
    }
    if (size == rows.length) {
      rows = Arrays.copyOf(rows, (int) Math.min(limit, 2L * rows.length));
      byPartition.put(partition, rows);
    }
    rows[size] = rowId;
    sizes.put(partition, size + 1);
  }

  @Override
  public synchronized void merge(AccumulatorV2<Long, Long> other) {
    ExcludedRows that = (ExcludedRows) other;
    Map<Integer, long[]> rows;
    synchronized (that) {
      if (that.overflowed) {
        overflowed = true;
      }
      rows = new HashMap<>();
      that.byPartition.forEach((partition, values) -> rows.put(partition,
          Arrays.copyOf(values, that.sizes.getOrDefault(partition, 0))));
    }
    rows.forEach((partition, values) -> {
      byPartition.put(partition, values);
      sizes.put(partition, values.length);
    });
  }

  /** The number of positions gathered. */
  @Override
  public synchronized Long value() {
    return sizes.values().stream().mapToLong(Integer::longValue).sum();
  }

  /** Whether some partition had more than the limit; the positions are then incomplete. */
  synchronized boolean overflowed() {
    return overflowed;
  }

  /** The positions gathered, in no particular order. */
  synchronized long[] rowIds() {
    long[] all = new long[Math.toIntExact(value())];
    int at = 0;
    for (Map.Entry<Integer, long[]> entry : byPartition.entrySet()) {
      int size = sizes.getOrDefault(entry.getKey(), 0);
      System.arraycopy(entry.getValue(), 0, all, at, size);
      at += size;
    }
    return all;
  }
}
