package org.coprod.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The key hashes ({@link RecordParser#keyHash}) that occur more than once in a source: the
 * candidates for the duplicate and conflict rules. Every record whose key another record shares
 * has a candidate hash; a few others may too (hash collisions), which costs only a little work.
 *
 * <p>Written by hand on primitive arrays rather than as a Spark SQL aggregation because nearly
 * every key is unique: a grouped count would build and shuffle one row per record, where this
 * shuffles 8 bytes per record in a few large arrays and sorts them.
 */
final class DuplicateKeys {

  private DuplicateKeys() {}

  /**
   * The repeated hashes, or empty when there are more than about {@code limit} of them (then the
   * caller compares rows the ordinary way, as no set of candidates would be small). Each bucket
   * returns at most twice its share of the limit, so the driver never receives much more.
   *
   * @param buckets shuffle partitions for the hashes
   */
  static Optional<RowSet> find(JavaRDD<Long> keyHashes, int buckets, int limit) {
    JavaPairRDD<Integer, long[]> byBucket = keyHashes.mapPartitionsToPair(hashes -> bucketed(hashes, buckets));
    int bucketLimit = (int) Math.min(Integer.MAX_VALUE - 8, 2L * limit / buckets + 1);
    List<long[]> parts = byBucket.partitionBy(new HashPartitioner(buckets))
        .mapPartitions(part -> repeats(part, bucketLimit)).collect();
    long total = 0;
    for (long[] part : parts) {
      total += part.length;
      if (part.length > bucketLimit || total > limit) {
        return Optional.empty();
      }
    }
    long[] all = new long[(int) total];
    int at = 0;
    for (long[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return Optional.of(RowSet.of(all));
  }

  /** A partition's hashes, one array per bucket. */
  private static Iterator<Tuple2<Integer, long[]>> bucketed(Iterator<Long> hashes, int buckets) {
    long[][] arrays = new long[buckets][];
    int[] sizes = new int[buckets];
    while (hashes.hasNext()) {
      long hash = hashes.next();
      int bucket = (int) Long.remainderUnsigned(hash, buckets);
      if (arrays[bucket] == null) {
        arrays[bucket] = new long[1024];
      } else if (sizes[bucket] == arrays[bucket].length) {
        arrays[bucket] = Arrays.copyOf(arrays[bucket], 2 * arrays[bucket].length);
      }
      arrays[bucket][sizes[bucket]++] = hash;
    }
    List<Tuple2<Integer, long[]>> out = new ArrayList<>();
    for (int bucket = 0; bucket < buckets; bucket++) {
      if (sizes[bucket] > 0) {
        out.add(new Tuple2<>(bucket, Arrays.copyOf(arrays[bucket], sizes[bucket])));
      }
    }
    return out.iterator();
  }

  /** The hashes of a bucket that occur more than once, each once, as one array; cut at {@code limit} + 1. */
  private static Iterator<long[]> repeats(Iterator<Tuple2<Integer, long[]>> parts, int limit) {
    List<long[]> arrays = new ArrayList<>();
    long size = 0;
    while (parts.hasNext()) {
      long[] part = parts.next()._2();
      arrays.add(part);
      size += part.length;
    }
    long[] all = new long[Math.toIntExact(size)];
    int at = 0;
    for (long[] part : arrays) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return List.of(repeated(all, limit)).iterator();
  }

  /** Most values a chunk of {@link #repeated} holds on average: a sort of them stays in the core's cache. */
  private static final int CHUNK = 256;

  /**
   * The values that occur more than once in {@code values} (which it may reorder), each once, in
   * no particular order; cut at {@code limit} + 1.
   *
   * <p>Why not one sort: sorting a bucket's 1.5 million hashes (usage at 1M citizens) was a
   * quarter of the keys pass's samples. The hashes are uniform, so one pass puts them in chunks
   * by their top bits (equal values land in the same chunk), and each chunk of about
   * {@link #CHUNK} values is sorted in cache.
   */
  static long[] repeated(long[] values, int limit) {
    int bits = 0;
    while (bits < 20 && ((long) CHUNK << (bits + 1)) <= values.length) {
      bits++;
    }
    long[] chunked = values;
    int[] starts = {0, values.length};
    if (bits > 0) {
      int shift = 64 - bits;
      starts = new int[(1 << bits) + 1];
      for (long value : values) {
        starts[(int) (value >>> shift) + 1]++;
      }
      for (int chunk = 1; chunk < starts.length; chunk++) {
        starts[chunk] += starts[chunk - 1];
      }
      int[] next = Arrays.copyOf(starts, starts.length - 1);
      chunked = new long[values.length];
      for (long value : values) {
        chunked[next[(int) (value >>> shift)]++] = value;
      }
    }
    long[] repeated = new long[16];
    int count = 0;
    for (int chunk = 0; chunk + 1 < starts.length && count <= limit; chunk++) {
      int from = starts[chunk];
      int to = starts[chunk + 1];
      Arrays.sort(chunked, from, to);
      for (int i = from + 1; i < to; i++) {
        // Equal values share a chunk, so the last one kept is the only one this could repeat.
        if (chunked[i] == chunked[i - 1] && (count == 0 || repeated[count - 1] != chunked[i])) {
          if (count > limit) {
            break;
          }
          if (count == repeated.length) {
            repeated = Arrays.copyOf(repeated, 2 * count);
          }
          repeated[count++] = chunked[i];
        }
      }
    }
    return Arrays.copyOf(repeated, count);
  }
}
