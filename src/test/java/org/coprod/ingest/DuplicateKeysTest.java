package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DuplicateKeys#repeated} against counting every value in a map. */
class DuplicateKeysTest {

  @Test
  void findsEveryRepeatedValueOnceAtAnySize() {
    SplittableRandom random = new SplittableRandom(7);
    for (int size : new int[] {0, 1, 2, 300, 511, 512, 513, 5_000, 300_000}) {
      long[] values = new long[size];
      for (int i = 0; i < size; i++) {
        // About one value in ten repeats an earlier one, some of them several times.
        values[i] = i > 0 && random.nextInt(10) == 0 ? values[random.nextInt(i)] : random.nextLong();
      }
      assertThat(sorted(DuplicateKeys.repeated(values.clone(), Integer.MAX_VALUE - 8)))
          .as("%d values", size).containsExactly(expectedRepeats(values));
    }
  }

  @Test
  void extremeAndSkewedValuesAreComparedExactly() {
    // Values that share their top bits (one chunk takes them all), the ends of the long range and zero.
    long[] values = new long[4_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 0x7000_0000_0000_0000L + (i % 1_500);
    }
    long[] edges = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, -1L, -1L, 0L, 0L, 0L, 1L, Long.MAX_VALUE - 1};
    long[] all = Arrays.copyOf(values, values.length + edges.length);
    System.arraycopy(edges, 0, all, values.length, edges.length);
    long[] repeated = sorted(DuplicateKeys.repeated(all.clone(), Integer.MAX_VALUE - 8));
    assertThat(repeated).containsExactly(expectedRepeats(all));
    assertThat(repeated).contains(Long.MIN_VALUE, -1L, 0L).doesNotContain(Long.MAX_VALUE, 1L);
  }

  @Test
  void stopsOneValuePastTheLimit() {
    long[] values = new long[20_000];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < values.length; i += 2) {
      values[i] = random.nextLong();
      values[i + 1] = values[i];
    }
    long[] repeated = DuplicateKeys.repeated(values.clone(), 99);
    assertThat(repeated).hasSize(100);
    assertThat(expectedRepeats(values)).contains(repeated);
  }

  private static long[] expectedRepeats(long[] values) {
    Map<Long, Integer> counts = new HashMap<>();
    for (long value : values) {
      counts.merge(value, 1, Integer::sum);
    }
    return counts.entrySet().stream().filter(e -> e.getValue() > 1).mapToLong(Map.Entry::getKey).sorted().toArray();
  }

  private static long[] sorted(long[] values) {
    long[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
