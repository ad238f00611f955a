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
    Arrays.sort(all);
    long[] repeated = new long[16];
    int count = 0;
    for (int i = 1; i < all.length; i++) {
      if (all[i] == all[i - 1] && (count == 0 || repeated[count - 1] != all[i])) {
        if (count > limit) {
          break;
        }
        if (count == repeated.length) {
          repeated = Arrays.copyOf(repeated, 2 * count);
        }
        repeated[count++] = all[i];
      }
    }
    return List.of(Arrays.copyOf(repeated, count)).iterator();
  }
}
