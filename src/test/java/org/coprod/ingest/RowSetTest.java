package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link RowSet} against {@link HashSet}: random hashes, structured positions, zero and duplicates. */
class RowSetTest {

  @Test
  void containsExactlyItsValues() {
    SplittableRandom random = new SplittableRandom(20261129);
    for (int n : new int[] {0, 1, 2, 3, 7, 100, 10_000}) {
      long[] values = new long[n];
      Set<Long> expected = new HashSet<>();
      for (int i = 0; i < n; i++) {
        // Half random key hashes, half positions (file index in the top bits, small offsets), some repeated.
        values[i] = i % 3 == 2 && i > 0 ? values[i - 1]
            : i % 2 == 0 ? random.nextLong() : RecordParser.rowId(random.nextInt(4), random.nextInt(1 << 20));
        if (n == 7 && i == 3) {
          values[i] = 0L; // the free-slot marker as a value
        }
        expected.add(values[i]);
      }
      RowSet set = RowSet.of(values);
      assertThat(set.size()).as("distinct values of " + n).isEqualTo(expected.size());
      for (long value : expected) {
        assertThat(set.contains(value)).as(value + " of " + n).isTrue();
      }
      for (int probe = 0; probe < 20_000; probe++) {
        long other = probe % 2 == 0 ? random.nextLong() : RecordParser.rowId(random.nextInt(4), random.nextInt(1 << 20));
        assertThat(set.contains(other)).as(other + " of " + n).isEqualTo(expected.contains(other));
      }
      assertThat(set.contains(0L)).isEqualTo(expected.contains(0L));
    }
  }
}
