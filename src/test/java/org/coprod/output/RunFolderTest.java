package org.coprod.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run becomes visible only by its commit; a run that dies half-way leaves latest where it was. */
class RunFolderTest {

  @TempDir Path temp;

  @Test
  void aRunStoppedHalfWayLeavesLatestOnThePreviousCompleteRun() throws IOException {
    Configuration hadoop = new Configuration();
    String output = temp.toString();
    RunFolder first = RunFolder.open(output, "20260101T000000Z-aaaaaaaa", hadoop);
    first.writeText("manifest.json", "{}");
    first.commit();
    assertThat(RunFolder.latest(output, hadoop)).isEqualTo("20260101T000000Z-aaaaaaaa");

    RunFolder second = RunFolder.open(output, "20260102T000000Z-bbbbbbbb", hadoop);
    second.writeText("manifest.json", "{\"half\": true}");
    // ... and the process dies here, before commit().

    assertThat(RunFolder.latest(output, hadoop)).isEqualTo("20260101T000000Z-aaaaaaaa");
    assertThat(temp.resolve("runs/20260102T000000Z-bbbbbbbb")).doesNotExist();
    assertThat(temp.resolve("runs/_incomplete-20260102T000000Z-bbbbbbbb/manifest.json")).exists();
    assertThat(temp.resolve("runs/20260101T000000Z-aaaaaaaa/manifest.json")).hasContent("{}");

    second.commit();
    assertThat(RunFolder.latest(output, hadoop)).isEqualTo("20260102T000000Z-bbbbbbbb");
    try (Stream<Path> files = Files.list(temp)) {
      // The pointer's temporary file is gone (Hadoop's local filesystem may leave a .crc beside latest).
      assertThat(files.map(p -> p.getFileName().toString())).contains("latest", "runs").noneMatch(n -> n.startsWith(".latest-"));
    }
  }

  @Test
  void noLatestBeforeTheFirstCommit() {
    assertThat(RunFolder.latest(temp.toString(), new Configuration())).isNull();
  }
}
