package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.SparkSession;
import org.coprod.generate.Generator;
import org.coprod.generate.GeneratorConfig;
import org.coprod.generate.OutputFormat;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second ingest in the same session compiles no generated class: every source's copy of the
 * session finds the classes the first ingest compiled, on the driver and in the tasks. The shared
 * test session is built as the product builds its own ({@code SparkSessions.reuseCompiledClasses});
 * without that, Spark 4 compiled each copy's classes again on the executors (a class loader per
 * session) and the cache's default 100 entries held too few of them.
 */
@SparkTest
class CompiledClassesReuseTest {

  @Test
  void aSecondIngestCompilesNoClass(SparkSession spark, @TempDir Path dir) {
    Path root = dir.resolve("generated");
    Generator.generate(spark, GeneratorConfig.of(600, 23, OutputFormat.PARQUET, root.toString()).withDirtyRate(0.05)
        .withRowsPerPartition(300).withEventsPerCitizen(4));
    // Every source on the direct path too, whose passes generate the most classes.
    TemporarySettings.run(spark, Map.of(DirectIngest.MIN_BYTES_SETTING, "0"), () -> {
      ingest(spark, root, dir.resolve("first"));
      long compiledBefore = CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
      IngestResult second = ingest(spark, root, dir.resolve("second"));
      assertThat(CodegenMetrics.METRIC_COMPILATION_TIME().getCount() - compiledBefore)
          .as("classes compiled by the second ingest").isZero();
      assertThat(second.sources().get("usage").counts().accepted()).isPositive();
    });
  }

  private static IngestResult ingest(SparkSession spark, Path root, Path out) {
    IngestResult result = IngestStage.run(spark, IngestGeneratedDataTest.spec(root, OutputFormat.PARQUET),
        out.toString(), name -> null, UnaryOperator.identity());
    result.release();
    return result;
  }
}
