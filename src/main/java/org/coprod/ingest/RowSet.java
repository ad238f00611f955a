package org.coprod.ingest;

import java.io.Serializable;

/**
 * A set of record positions ({@link RecordParser#rowId}) or key hashes, looked up for every
 * record a reader reads: an open-addressing hash table of longs with linear probing, filled to
 * at most three quarters, in front of which a bit array of about eight bits a value answers most
 * lookups, nearly all of them misses (so 12 to 23 bytes a value to broadcast).
 *
 * <p>Why the bit array: the table is megabytes for a few hundred thousand values, so a lookup was
 * a cache miss, and a miss at three quarters full probes about eight slots; the candidate-key
 * lookup was 1.6% of the samples of a profile of the 1M-citizen CSV run. The bit array is an eighth of the table's
 * size and answers seven misses in eight without reading it.
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
  /** One bit per {@link #bit} position, set for every value in the table. */
  private final long[] bits;
  private final int bitShift;

  private RowSet(long[] slots, int shift, boolean containsZero, int size, long[] bits, int bitShift) {
    this.slots = slots;
    this.shift = shift;
    this.containsZero = containsZero;
    this.size = size;
    this.bits = bits;
    this.bitShift = bitShift;
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
    // About eight bits a value, at least one long's worth.
    int bitCount = 6;
    while ((1L << bitCount) < 8L * size && bitCount < 33) {
      bitCount++;
    }
    long[] filter = new long[(int) ((1L << bitCount) >>> 6)];
    int bitShift = 64 - bitCount;
    for (long value : slots) {
      if (value != FREE) {
        long position = bit(value, bitShift);
        filter[(int) (position >>> 6)] |= 1L << position;
      }
    }
    return new RowSet(slots, shift, zero, size, filter, bitShift);
  }

  boolean contains(long value) {
    if (value == FREE) {
      return containsZero;
    }
    long position = bit(value, bitShift);
    if ((bits[(int) (position >>> 6)] & (1L << position)) == 0) {
      return false;
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

  /** A position in the bit array, from another multiplier than {@link #slot}'s so that the two are independent. */
  private static long bit(long value, int bitShift) {
    return (value * 0xC2B2AE3D27D4EB4FL) >>> bitShift;
  }

  /** Fibonacci hashing: positions are structured (file index, offset), so their high bits are mixed in. */
  private static int slot(long value, int shift) {
    return (int) ((value * 0x9E3779B97F4A7C15L) >>> shift);
  }
}
