package org.coprod.ingest;

import java.io.Serializable;

/**
 * A set of record positions ({@link RecordParser#rowId}) or key hashes, looked up for every
 * record a reader reads: an open-addressing hash table of longs with linear probing, filled to
 * at most three quarters (so 11 to 21 bytes a value to broadcast, and a lookup, nearly always a
 * miss, reads one or two cache lines).
 *
 * <p>Why by hand: a sorted array and a binary search, its previous form, was 6.5% of the direct
 * path's main pass at 10M citizens (about 17 probes over a million candidate keys, most of them
 * cache misses), and the primitive collections that would serve (fastutil, HPPC) are not on
 * Spark's class path, which the thin jar relies on.
 */
final class RowSet implements Serializable {

  private static final long serialVersionUID = 1L;
  /** Marks a free slot; zero itself, when in the set, is {@link #containsZero}. */
  private static final long FREE = 0L;
  private final long[] slots;
  private final int shift;
  private final boolean containsZero;
  private final int size;

  private RowSet(long[] slots, int shift, boolean containsZero, int size) {
    this.slots = slots;
    this.shift = shift;
    this.containsZero = containsZero;
    this.size = size;
  }

  /** The set of the given values (duplicates are counted once). */
  static RowSet of(long[] values) {
    int bits = 1;
    while ((1L << bits) * 3 < 4L * values.length) {
      bits++;
    }
    if (bits > 30) {
      throw new IllegalArgumentException("too many values for a RowSet: " + values.length);
    }
    long[] slots = new long[1 << bits];
    int shift = 64 - bits;
    int mask = slots.length - 1;
    boolean zero = false;
    int size = 0;
    for (long value : values) {
      if (value == FREE) {
        size += zero ? 0 : 1;
        zero = true;
        continue;
      }
      int slot = slot(value, shift);
      while (slots[slot] != FREE && slots[slot] != value) {
        slot = (slot + 1) & mask;
      }
      if (slots[slot] == FREE) {
        slots[slot] = value;
        size++;
      }
    }
    return new RowSet(slots, shift, zero, size);
  }

  boolean contains(long value) {
    if (value == FREE) {
      return containsZero;
    }
    int mask = slots.length - 1;
    int slot = slot(value, shift);
    while (true) {
      long here = slots[slot];
      if (here == value) {
        return true;
      }
      if (here == FREE) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The number of distinct values. */
  int size() {
    return size;
  }

  /** Fibonacci hashing: positions are structured (file index, offset), so their high bits are mixed in. */
  private static int slot(long value, int shift) {
    return (int) ((value * 0x9E3779B97F4A7C15L) >>> shift);
  }
}
