package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link KnownTexts} answers as a {@link HashSet} of the same texts does, packed or not. */
class KnownTextsTest {

  @Test
  void answersAsAHashSetOnRandomTexts() {
    Random random = new Random(7);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      texts.add(randomText(random, 0xff));
    }
    texts.addAll(texts.subList(0, 500)); // some texts twice
    HashSet<String> reference = new HashSet<>(texts);
    KnownTexts known = KnownTexts.of(texts);
    for (String text : texts) {
      assertThat(known.contains(text)).isTrue();
    }
    int inBoth = 0;
    for (int i = 0; i < 50_000; i++) {
      String probe = randomText(random, i % 10 == 0 ? 0x3ff : 0xff);
      assertThat(known.contains(probe)).as(probe).isEqualTo(reference.contains(probe));
      inBoth += reference.contains(probe) ? 1 : 0;
    }
    assertThat(inBoth).as("short probes sometimes hit").isPositive();
  }

  @Test
  void edgeTexts() {
    String pseudonym = "3f".repeat(32);
    KnownTexts known = KnownTexts.of(List.of(pseudonym, "", "é", "a\u0000b"));
    assertThat(known.contains(pseudonym)).isTrue();
    assertThat(known.contains(new String(pseudonym.toCharArray()))).as("an equal text, not the same object").isTrue();
    assertThat(known.contains("")).isTrue();
    assertThat(known.contains("é")).isTrue();
    assertThat(known.contains("a\u0000b")).isTrue();
    assertThat(known.contains(pseudonym.substring(1))).isFalse();
    assertThat(known.contains(pseudonym + "0")).isFalse();
    assertThat(known.contains("\u01e9")).as("a char above 255 whose low byte is that of é").isFalse();
    assertThat(known.contains("a")).isFalse();
  }

  @Test
  void aSetWithACharAbove255KeepsEveryTextExactly() {
    KnownTexts known = KnownTexts.of(List.of("R1", "Łódź", "😀"));
    assertThat(known.contains("Łódź")).isTrue();
    assertThat(known.contains("😀")).isTrue();
    assertThat(known.contains("R1")).isTrue();
    assertThat(known.contains("Lodz")).isFalse();
  }

  @Test
  void anEmptySetHoldsNothing() {
    assertThat(KnownTexts.of(List.of()).contains("")).isFalse();
  }

  /** Up to 3 chars below {@code most}, so that probes often equal a held text. */
  private static String randomText(Random random, int most) {
    char[] chars = new char[random.nextInt(4)];
    for (int k = 0; k < chars.length; k++) {
      chars[k] = (char) (random.nextInt(4) == 0 ? random.nextInt(most + 1) : 'a' + random.nextInt(8));
    }
    return new String(chars);
  }
}
