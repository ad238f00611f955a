package org.coprod.ingest;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A set of record positions ({@link RecordParser#rowId}) or key hashes as a sorted array: compact
 * to broadcast (8 bytes a value) and a binary search to look up, which is what a reader needs
 * to pick a few records out of many before it parses any of them.
 */
final class RowSet implements Serializable {

  private static final long serialVersionUID = 1L;
  private final long[] sorted;

  private RowSet(long[] sorted) {
    this.sorted = sorted;
  }

  /** The set of the given values (the array is copied, duplicates are kept and harmless). */
  static RowSet of(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return new RowSet(sorted);
  }

  boolean contains(long value) {
    return Arrays.binarySearch(sorted, value) >= 0;
  }

  int size() {
    return sorted.length;
  }
}
