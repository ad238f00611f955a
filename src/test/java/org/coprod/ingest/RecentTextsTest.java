package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class RecentTextsTest {

  /** A value whose bytes live in {@code buffer}, as a reader's row hands them out. */
  private static UTF8String inBuffer(byte[] buffer, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, buffer, 0, bytes.length);
    return UTF8String.fromAddress(buffer, Platform.BYTE_ARRAY_OFFSET, bytes.length);
  }

  @Test
  void everyTextIsItsValuesTextThoughTheBufferIsReused() {
    ParquetRecords.RecentTexts recent = new ParquetRecords.RecentTexts();
    byte[] buffer = new byte[64];
    Random random = new Random(7);
    String[] categories = {"app", "web", "phone", "counter", "social", "staff", "Zürich", "naïve"};
    for (int i = 0; i < 50_000; i++) {
      // Runs of a repeated value, categories at random, and now and then a value seen once.
      String text = i % 3 == 0 ? "account-" + (i / 30) : i % 7 == 0 ? "once-" + i
          : categories[random.nextInt(categories.length)];
      assertThat(recent.of(inBuffer(buffer, text))).isEqualTo(text);
    }
    assertThat(recent.off()).as("most values repeat").isFalse();
    // The same text object for a repeated value: what lets the memos after it match at once.
    String first = recent.of(inBuffer(buffer, "web"));
    assertThat(recent.of(inBuffer(buffer, "web"))).isSameAs(first);
  }

  @Test
  void aColumnOfUniqueValuesStopsUsingTheTableAndStaysRight() {
    ParquetRecords.RecentTexts recent = new ParquetRecords.RecentTexts();
    byte[] buffer = new byte[64];
    for (int i = 0; i < 10_000; i++) {
      String text = "event-" + i;
      assertThat(recent.of(inBuffer(buffer, text))).isEqualTo(text);
    }
    assertThat(recent.off()).isTrue();
  }
}
