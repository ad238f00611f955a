package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.generate.Generator;
import org.coprod.generate.GeneratorConfig;
import org.coprod.generate.OutputFormat;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.JobSpec;
import org.coprod.spec.SpecException;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The direct path ({@link DirectIngest}: repeated keys, a main pass that writes, a second pass
 * over the rest) gives exactly what the ordinary path gives, row for row, on generated data with
 * every kind of defect: every clean table, the quarantine rows and the quality counts, including
 * links, whose references to the survey are checked in the direct path's reader. The ordinary path
 * is the reference because it judges every row with every other in one shuffle.
 */
@SparkTest
class IngestDirectPathTest {

  @ParameterizedTest
  @EnumSource(value = OutputFormat.class, names = {"CSV", "PARQUET"})
  void directPathEqualsOrdinaryPath(OutputFormat format, SparkSession spark, @TempDir Path dir) throws Exception {
    Path root = dir.resolve("generated");
    Generator.generate(spark, GeneratorConfig.of(500, 23, format, root.toString()).withDirtyRate(0.05)
        .withRowsPerPartition(250).withEventsPerCitizen(6));
    JobSpec spec = IngestGeneratedDataTest.spec(root, format);

    Set<String> directJobs = ConcurrentHashMap.newKeySet();
    IngestResult direct = withJobs(spark, directJobs, () -> ingest(spark, spec, dir.resolve("direct"), null));
    // Judged in the reader, the rows left for the second pass were kept in scratch files beside
    // the clean folder, which stay until the result is released; the second pass's settings are left as they were.
    assertThat(scratchFiles(dir, "direct")).anyMatch(file -> file.contains("/usage/part-"));
    assertThat(spark.conf().contains("spark.sql.inMemoryColumnarStorage.compressed")).isFalse();
    assertThat(spark.conf().get("spark.sql.adaptive.enabled")).as("the test session's own setting").isEqualTo("false");
    Set<String> ordinaryJobs = ConcurrentHashMap.newKeySet();
    IngestResult ordinary = withJobs(spark, ordinaryJobs, () -> ingest(spark, spec, dir.resolve("ordinary"), "0"));
    // A limit of one repeated key: the key pass finds more and the source falls back to the ordinary path.
    Set<String> fallbackJobs = ConcurrentHashMap.newKeySet();
    IngestResult fallback = withJobs(spark, fallbackJobs, () -> ingest(spark, spec, dir.resolve("fallback"), "1"));
    // The main pass with the rules as Spark expressions instead of judged in the reader.
    Set<String> sparkRulesJobs = ConcurrentHashMap.newKeySet();
    spark.conf().set(ReaderRowRules.SETTING, "false");
    IngestResult sparkRules;
    try {
      sparkRules = withJobs(spark, sparkRulesJobs, () -> ingest(spark, spec, dir.resolve("spark-rules"), null));
    } finally {
      spark.conf().unset(ReaderRowRules.SETTING);
    }

    for (String source : List.of("municipalities", "neighbourhoods", "survey", "links", "usage")) {
      assertThat(directJobs).contains("ingest " + source + ": repeated keys", "ingest " + source + ": the rest");
      assertThat(ordinaryJobs).doesNotContain("ingest " + source + ": repeated keys");
      assertThat(directJobs).contains("ingest " + source + ": read, validate and write (rules in the reader)");
      assertThat(sparkRulesJobs).contains("ingest " + source + ": read, validate and write")
          .doesNotContain("ingest " + source + ": read, validate and write (rules in the reader)");
    }
    assertThat(fallbackJobs).contains("ingest usage: repeated keys").doesNotContain("ingest usage: the rest");
    SourceCounts usage = direct.source("usage").counts();
    assertThat(usage.quarantined()).as("the data has defects").isPositive();
    assertThat(usage.duplicatesDropped()).as("and exact duplicates").isPositive();
    assertThat(usage.failing(Rule.DUPLICATE_CONFLICT)).as("and conflicts").isPositive();
    // Links are checked against the survey's known keys (KnownKeysPass, the same on every path;
    // KnownKeysPassTest checks which keys they are).
    for (IngestResult result : List.of(direct, ordinary, fallback, sparkRules)) {
      assertThat(result.quarantine().schema()).as("element nullability included")
          .isEqualTo(QualityTables.QUARANTINE_SCHEMA);
    }
    for (IngestResult other : List.of(ordinary, fallback, sparkRules)) {
      for (SourceContract source : Contracts.all()) {
        assertThat(other.source(source.name()).counts()).as(source.name())
            .isEqualTo(direct.source(source.name()).counts());
        assertSameRows(spark.read().parquet(other.source(source.name()).cleanPath()),
            spark.read().parquet(direct.source(source.name()).cleanPath()));
        assertThat(spark.read().parquet(direct.source(source.name()).cleanPath()).count())
            .isEqualTo(direct.source(source.name()).counts().accepted());
      }
      assertSameRows(other.quarantine(), direct.quarantine());
      assertSameRows(other.quality(), direct.quality());
    }
    for (IngestResult result : List.of(direct, ordinary, fallback, sparkRules)) {
      result.release();
    }
    assertThat(scratchFiles(dir, "direct")).isEmpty();
  }

  /** Files under the scratch folders of the clean folder {@code dir/name}, as paths relative to {@code dir}. */
  private static List<String> scratchFiles(Path dir, String name) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
      return files.filter(java.nio.file.Files::isRegularFile).map(file -> dir.relativize(file).toString())
          .filter(file -> file.startsWith("." + name + "-scratch-")).toList();
    }
  }

  @Test
  void aKeyInBothPassesIsKnownOnceToTheSourcesThatReferenceIt(SparkSession spark, @TempDir Path dir) {
    // Respondent R1 answers wave 1 (written by the main pass) and appears again in wave 2 with
    // an age out of range (well-formed, quarantined by the second pass): links must find R1 in
    // the survey's known keys once, or its link would be joined, and counted, twice.
    java.util.Map<String, Path> sources = IngestFixtures.writeValidSources(dir.resolve("in"), 20);
    List<java.util.Map<String, String>> survey = IngestFixtures.validRows(Contracts.SURVEY, 20);
    java.util.Map<String, String> again = new java.util.HashMap<>(IngestFixtures.validRow(Contracts.SURVEY, 1));
    again.put("wave", "2");
    again.put("age", "999");
    survey.add(again);
    IngestFixtures.writeCsv(dir.resolve("in/survey/part-0.csv"), Contracts.SURVEY.columnNames(), survey);
    IngestResult result = ingest(spark, IngestFixtures.spec(sources, java.util.Map.of()), dir.resolve("out"), null);
    assertThat(result.source("survey").counts().quarantined()).isEqualTo(1);
    assertThat(result.source("links").counts().accepted()).isEqualTo(20);
    assertThat(spark.read().parquet(result.source("links").cleanPath()).count()).isEqualTo(20);
    result.release();
  }

  @Test
  void linksWithAnAccountOfTwoRespondentsAreJudgedAsOnTheOrdinaryPath(SparkSession spark, @TempDir Path dir) {
    // Links has a second key on the direct path: a row whose account repeats goes to the second
    // pass with every other row of that account, where one account, one respondent is judged.
    java.util.Map<String, Path> sources = IngestFixtures.writeValidSources(dir.resolve("in"), 30);
    List<java.util.Map<String, String>> links = IngestFixtures.validRows(Contracts.LINKS, 30);
    links.get(1).put("account_id", "A1"); // R1 and R2 share account A1
    links.add(IngestFixtures.validRow(Contracts.LINKS, 3)); // R3-A3 twice: an exact copy, dropped
    java.util.Map<String, String> conflict = IngestFixtures.validRow(Contracts.LINKS, 4);
    conflict.put("account_id", "A99"); // R4 with two accounts: a conflict of the key
    links.add(conflict);
    links.get(7).put("account_id", "A7"); // R7 and R8 share A7, and R8 also names a respondent the survey lacks
    links.get(7).put("respondent_id", "R404");
    links.get(10).put("account_id", " A9 "); // the same account as R9's once trimmed: R9 and R11 share it
    IngestFixtures.writeCsv(dir.resolve("in/links/part-0.csv"), Contracts.LINKS.columnNames(), links);
    JobSpec spec = IngestFixtures.spec(sources, java.util.Map.of());

    Set<String> directJobs = ConcurrentHashMap.newKeySet();
    IngestResult direct = withJobs(spark, directJobs, () -> ingest(spark, spec, dir.resolve("direct"), null));
    IngestResult ordinary = ingest(spark, spec, dir.resolve("ordinary"), "0");
    assertThat(directJobs).contains("ingest links: repeated keys", "ingest links: the rest");
    SourceCounts counts = direct.source("links").counts();
    assertThat(counts.failing(Rule.LINK_NOT_ONE_TO_ONE)).as("R1, R2 (A1); R7, R404 (A7); R9, R11 (A9)")
        .isEqualTo(6);
    assertThat(counts.failing(Rule.DUPLICATE_CONFLICT)).as("R4 with A4 and A99").isEqualTo(2);
    assertThat(counts.failing(Rule.ORPHAN_REFERENCE)).as("R404").isEqualTo(1);
    assertThat(counts.duplicatesDropped()).as("R3-A3 again").isEqualTo(1);
    assertThat(counts).isEqualTo(ordinary.source("links").counts());
    assertSameRows(spark.read().parquet(ordinary.source("links").cleanPath()),
        spark.read().parquet(direct.source("links").cleanPath()));
    assertSameRows(ordinary.quarantine(), direct.quarantine());
    direct.release();
    ordinary.release();
  }

  @Test
  void aLimitThatIsNotANumberIsAConfigurationError(SparkSession spark, @TempDir Path dir) {
    spark.conf().set(DirectIngest.LIMIT_SETTING, "many");
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngestStage.run(spark,
              IngestGeneratedDataTest.spec(dir.resolve("nothing-read"), OutputFormat.CSV), dir.resolve("out").toString(), name -> null,
              UnaryOperator.identity()))
          .isInstanceOf(SpecException.class).hasMessageContaining(DirectIngest.LIMIT_SETTING)
          .hasMessageContaining("'many'");
    } finally {
      spark.conf().unset(DirectIngest.LIMIT_SETTING);
    }
  }

  @Test
  void aRulesInReaderSettingOtherThanTrueOrFalseIsAConfigurationError(SparkSession spark, @TempDir Path dir) {
    spark.conf().set(ReaderRowRules.SETTING, "yes");
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngestStage.run(spark,
              IngestGeneratedDataTest.spec(dir.resolve("nothing-read"), OutputFormat.CSV), dir.resolve("out").toString(),
              name -> null, UnaryOperator.identity()))
          .isInstanceOf(SpecException.class).hasMessageContaining(ReaderRowRules.SETTING)
          .hasMessageContaining("'yes'");
    } finally {
      spark.conf().unset(ReaderRowRules.SETTING);
    }
  }

  @Test
  void aNegativeMinimumSizeIsAConfigurationError(SparkSession spark, @TempDir Path dir) {
    spark.conf().set(DirectIngest.MIN_BYTES_SETTING, "-1");
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> IngestStage.run(spark,
              IngestGeneratedDataTest.spec(dir.resolve("nothing-read"), OutputFormat.CSV), dir.resolve("out").toString(),
              name -> null, UnaryOperator.identity()))
          .isInstanceOf(SpecException.class).hasMessageContaining(DirectIngest.MIN_BYTES_SETTING)
          .hasMessageContaining("'-1'");
    } finally {
      spark.conf().unset(DirectIngest.MIN_BYTES_SETTING);
    }
  }

  @Test
  void compressedInputCountsTwiceItsSizeTowardsTheMinimum(SparkSession spark) {
    long mib = 1L << 20;
    org.coprod.spec.InputSpec csv = new org.coprod.spec.InputSpec("links", "unused",
        org.coprod.spec.InputSpec.Format.CSV, ",");
    org.coprod.spec.InputSpec parquet = new org.coprod.spec.InputSpec("links", "unused",
        org.coprod.spec.InputSpec.Format.PARQUET, ",");
    java.util.function.BiFunction<Long, Boolean, InputFiles.Checked> files = (bytes, compressed) ->
        new InputFiles.Checked(List.of("part-0"), java.util.Map.of("part-0", new TextRecords.FileInfo(null, compressed, 0)),
            bytes);
    // The default minimum, 8 MiB.
    assertThat(DirectIngest.applies(spark, csv, files.apply(8 * mib - 1, false))).isFalse();
    assertThat(DirectIngest.applies(spark, csv, files.apply(8 * mib, false))).isTrue();
    assertThat(DirectIngest.applies(spark, csv, files.apply(4 * mib, true))).as("gzip text").isTrue();
    assertThat(DirectIngest.applies(spark, csv, files.apply(4 * mib - 1, true))).as("gzip text").isFalse();
    assertThat(DirectIngest.applies(spark, parquet, files.apply(4 * mib, false))).isTrue();
    assertThat(DirectIngest.applies(spark, parquet, files.apply(4 * mib - 1, false))).isFalse();
    spark.conf().set(DirectIngest.LIMIT_SETTING, "0");
    try {
      assertThat(DirectIngest.applies(spark, parquet, files.apply(100 * mib, false))).as("path off").isFalse();
    } finally {
      spark.conf().unset(DirectIngest.LIMIT_SETTING);
    }
  }

  @Test
  void excludedRowsOverflowPerPartitionAndKeepTheLastReportOfEach() {
    ExcludedRows rows = new ExcludedRows(3);
    rows.add(7L);
    rows.add(8L);
    ExcludedRows driver = new ExcludedRows(3);
    driver.merge(rows);
    driver.merge(rows.copy());
    assertThat(driver.value()).as("a partition reported twice counts once").isEqualTo(2L);
    assertThat(driver.rowIds()).containsExactlyInAnyOrder(7L, 8L);
    rows.add(9L);
    rows.add(10L);
    assertThat(rows.overflowed()).isTrue();
    driver.merge(rows);
    assertThat(driver.overflowed()).isTrue();
  }

  /** Ingest with every source but links on the direct path (no minimum size), under the given limit. */
  private static IngestResult ingest(SparkSession spark, JobSpec spec, Path out, String limit) {
    if (limit != null) {
      spark.conf().set(DirectIngest.LIMIT_SETTING, limit);
    }
    spark.conf().set(DirectIngest.MIN_BYTES_SETTING, "0");
    try {
      return IngestStage.run(spark, spec, out.toString(), name -> null, UnaryOperator.identity());
    } finally {
      spark.conf().unset(DirectIngest.LIMIT_SETTING);
      spark.conf().unset(DirectIngest.MIN_BYTES_SETTING);
    }
  }

  /** What {@code run} gives, with the descriptions of the jobs it started added to {@code descriptions}. */
  static <T> T withJobs(SparkSession spark, Set<String> descriptions, java.util.function.Supplier<T> run) {
    SparkListener listener = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        String description = start.properties().getProperty("spark.job.description");
        if (description != null) {
          descriptions.add(description);
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      T result = run.get();
      try {
        spark.sparkContext().listenerBus().waitUntilEmpty();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("listener bus did not drain", e);
      }
      return result;
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
  }

  /** Equal as multisets of rows. */
  private static void assertSameRows(Dataset<Row> actual, Dataset<Row> expected) {
    assertThat(actual.exceptAll(expected).count()).as("rows only in the first").isZero();
    assertThat(expected.exceptAll(actual).count()).as("rows only in the second").isZero();
  }
}
