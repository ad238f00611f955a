package org.coprod.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed sample in data/sample is exactly what its documented command generates:
 * {@code jobs/coprod generate --citizens 3000 --seed 20261128 --format csv --dirty-rate 0.01 --out data/sample}.
 * To rewrite it from a test run: {@code ./mvnw -q -o test -Dtest=GeneratedSampleTest -Dcoprod.sample.update=true}.
 */
@SparkTest
class GeneratedSampleTest {

  static final GeneratorConfig SAMPLE =
      GeneratorConfig.of(3_000, 20261128L, OutputFormat.CSV, "data/sample").withDirtyRate(0.01);

  @TempDir
  Path dir;

  @Test
  void committedSampleIsByteIdenticalToARegeneration(SparkSession spark) {
    if (Boolean.getBoolean("coprod.sample.update")) {
      Generator.generate(spark, SAMPLE);
    }
    Path regenerated = dir.resolve("sample");
    Generator.generate(spark, SAMPLE.withOut(regenerated.toString()));
    FileTrees.assertIdentical(regenerated, Path.of("data/sample"));
    assertThat(Path.of("data/sample/survey/part-00000.csv")).exists();
  }
}
