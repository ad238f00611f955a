package org.coprod.ingest;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashSet;

/**
 * The keys a reference may name ({@link ReaderRowRules}), held in every task: a set of texts
 * compared exactly, char for char.
 *
 * <p>Texts whose chars are all below 256 (every pseudonym, which is hex, and nearly every
 * identifier) are packed one byte a char into one array, with an open-addressing table of their
 * positions. Why: the survey's million pseudonyms as a {@code HashSet<String>} took the driver
 * about 1.5 s at 1M citizens to build and serialise into the broadcast rules of links (a million
 * strings and hash nodes through Java serialisation), and about 150 bytes a key in every task;
 * packed, they are three arrays, about 70 bytes a key. A set with any other text keeps a
 * {@link HashSet}.
 */
final class KnownTexts implements Serializable {

  private static final long serialVersionUID = 1L;
  /** The packed texts, one after another, a byte a char; null when {@link #other} holds them. */
  private final byte[] chars;
  /** Where text {@code i} starts in {@link #chars}; {@code starts[size]} is the end. */
  private final int[] starts;
  /** Per slot, 1 + the index of a text, or 0 for a free slot; a power of two, at most half full. */
  private final int[] slots;
  private final HashSet<String> other;

  private KnownTexts(byte[] chars, int[] starts, int[] slots, HashSet<String> other) {
    this.chars = chars;
    this.starts = starts;
    this.slots = slots;
    this.other = other;
  }

  /** The set of the given texts (a text given twice is held once). */
  static KnownTexts of(Collection<String> texts) {
    long length = 0;
    for (String text : texts) {
      for (int k = 0; k < text.length(); k++) {
        if (text.charAt(k) > 0xff) {
          return new KnownTexts(null, null, null, new HashSet<>(texts));
        }
      }
      length += text.length();
    }
    if (length > Integer.MAX_VALUE - 8 || texts.size() > (1 << 29)) {
      return new KnownTexts(null, null, null, new HashSet<>(texts));
    }
    int capacity = 2;
    while (capacity < 2L * texts.size()) {
      capacity <<= 1;
    }
    byte[] chars = new byte[(int) length];
    int[] starts = new int[texts.size() + 1];
    int[] slots = new int[capacity];
    int size = 0;
    int at = 0;
    for (String text : texts) {
      int slot = slotOf(text, slots, chars, starts);
      if (slots[slot] != 0) {
        continue; // already held
      }
      starts[size] = at;
      for (int k = 0; k < text.length(); k++) {
        chars[at++] = (byte) text.charAt(k);
      }
      starts[size + 1] = at;
      slots[slot] = ++size;
    }
    return new KnownTexts(chars, java.util.Arrays.copyOf(starts, size + 1), slots, null);
  }

  /**
   * The texts of a one-column dataset of keys (a key may come twice), collected in one job, or
   * empty when there are more than {@link ReaderRowRules#MOST_KNOWN_KEYS}: one over the most
   * tells that there are too many to hold in every task.
   */
  static java.util.Optional<KnownTexts> collect(org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> keys) {
    java.util.List<String> texts = keys.as(org.apache.spark.sql.Encoders.STRING())
        .limit(ReaderRowRules.MOST_KNOWN_KEYS + 1).collectAsList();
    return texts.size() > ReaderRowRules.MOST_KNOWN_KEYS ? java.util.Optional.empty()
        : java.util.Optional.of(of(texts));
  }

  boolean contains(String text) {
    if (other != null) {
      return other.contains(text);
    }
    return slots[slotOf(text, slots, chars, starts)] != 0;
  }

  /** The slot that holds {@code text}, or the free slot where it would go. */
  private static int slotOf(String text, int[] slots, byte[] chars, int[] starts) {
    int mask = slots.length - 1;
    // String's own hash (cached in the string), spread so that similar texts leave the low bits apart.
    int hash = text.hashCode() * 0x9E3779B9;
    int slot = (hash ^ (hash >>> 16)) & mask;
    while (slots[slot] != 0 && !sameText(text, slots[slot] - 1, chars, starts)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static boolean sameText(String text, int index, byte[] chars, int[] starts) {
    int start = starts[index];
    if (starts[index + 1] - start != text.length()) {
      return false;
    }
    for (int k = 0; k < text.length(); k++) {
      if ((chars[start + k] & 0xff) != text.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
