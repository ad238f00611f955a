package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose write fails in a task leaves the previous clean folder readable and complete. */
@SparkTest
class IngestAtomicWriteTest {

  @Test
  void failedWriteKeepsThePreviousCleanOutput(SparkSession spark, @TempDir Path dir) throws IOException {
    Map<String, Path> first = IngestFixtures.writeValidSources(dir.resolve("in1"), 3);
    String clean = dir.resolve("clean").toString();
    IngestResult before = IngestStage.run(spark, IngestFixtures.spec(first, Map.of()), clean, name -> null,
        UnaryOperator.identity());
    before.release();

    Map<String, Path> second = IngestFixtures.writeValidSources(dir.resolve("in2"), 5);
    // The last source's write fails in a task, after the other four were written to staging.
    UnaryOperator<org.apache.spark.sql.Dataset<Row>> failOnUsage = frame -> frame.columns().length > 0
        && java.util.Arrays.asList(frame.columns()).contains("event_id")
        ? frame.filter((FilterFunction<Row>) row -> {
          throw new IllegalStateException("injected task failure");
        })
        : frame;
    Throwable failure = catchThrowable(() -> IngestStage.run(spark, IngestFixtures.spec(second, Map.of()), clean,
        name -> null, failOnUsage));
    assertThat(failure).isNotNull();
    assertThat(stackMessages(failure)).contains("injected task failure");

    for (String source : before.sources().keySet()) {
      assertThat(spark.read().parquet(before.source(source).cleanPath()).count()).as(source).isEqualTo(3);
    }
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("staging"));
    }
  }

  private static String stackMessages(Throwable failure) {
    StringBuilder messages = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    return messages.toString();
  }
}
