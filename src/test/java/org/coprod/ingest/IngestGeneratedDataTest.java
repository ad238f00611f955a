package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.coprod.generate.Generator;
import org.coprod.generate.GeneratorConfig;
import org.coprod.generate.OutputFormat;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on generated data: the quality and quarantine tables account for every defect that
 * the generator's manifest.json says it injected, kind by kind, in every format; clean data
 * quarantines nothing; and no output cell carries a generated name, email, phone, address or raw
 * identifier.
 */
@SparkTest
class IngestGeneratedDataTest {

  /** The generator's defect kind that a quarantined row's first rule (in {@link Rule} order) stands for. */
  private static String kind(String firstRule) {
    return switch (Rule.valueOf(firstRule)) {
      case BAD_ENCODING -> "bad_encoding";
      case MALFORMED_RECORD -> "malformed_line";
      case REQUIRED_MISSING -> "missing_key";
      case PARSE_TYPE -> "wrong_type";
      case OUT_OF_RANGE, NOT_ALLOWED_VALUE -> "out_of_range";
      case ORPHAN_REFERENCE -> "orphan_reference";
      case DUPLICATE_CONFLICT -> "conflicting_duplicate";
      default -> "unexpected " + firstRule;
    };
  }

  /** Every source of a generated population, in its format, no mapping. */
  static JobSpec spec(Path root, OutputFormat format) {
    Map<String, InputSpec> inputs = new LinkedHashMap<>();
    for (SourceContract source : Contracts.all()) {
      inputs.put(source.name(), new InputSpec(source.name(), root.resolve(source.name()).toString(),
          InputSpec.Format.valueOf(format.name()), ","));
    }
    return new JobSpec("generated", inputs, "unused", "COPROD_TEST_KEY_THAT_IS_NOT_SET", IngestFixtures.DEMO_KEY, 10,
        List.of());
  }

  private static GeneratorConfig config(Path root, OutputFormat format, double dirtyRate) {
    return GeneratorConfig.of(600, 17, format, root.toString()).withDirtyRate(dirtyRate).withRowsPerPartition(300)
        .withEventsPerCitizen(4);
  }

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void everyInjectedDefectIsAccountedForByKind(OutputFormat format, SparkSession spark, @TempDir Path dir)
      throws Exception {
    Path root = dir.resolve("generated");
    Generator.generate(spark, config(root, format, 0.05));
    JsonNode manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
    IngestResult result = IngestStage.run(spark, spec(root, format), dir.resolve("clean").toString(), name -> null,
        UnaryOperator.identity());
    List<Row> quarantine = result.quarantine().collectAsList();
    for (SourceContract source : Contracts.all()) {
      JsonNode stats = manifest.path("sources").path(source.name());
      JsonNode injected = stats.path("injected");
      SourceCounts counts = result.source(source.name()).counts();
      Map<String, Long> found = new LinkedHashMap<>();
      for (Row row : quarantine) {
        if (row.getString(0).equals(source.name())) {
          found.merge(kind(row.<String>getList(row.fieldIndex("rule_ids")).get(0)), 1L, Long::sum);
        }
      }
      Map<String, Long> expected = new LinkedHashMap<>();
      for (String kind : List.of("bad_encoding", "malformed_line", "missing_key", "wrong_type", "out_of_range",
          "orphan_reference")) {
        if (injected.path(kind).asLong(0) > 0) {
          expected.put(kind, injected.path(kind).asLong());
        }
      }
      // A conflicting copy puts both versions of the key in quarantine.
      if (injected.path("conflicting_duplicate").asLong(0) > 0) {
        expected.put("conflicting_duplicate", 2 * injected.path("conflicting_duplicate").asLong());
      }
      assertThat(found).as(format + " " + source.name() + " quarantine by kind").isEqualTo(expected);
      assertThat(counts.read()).as(source.name() + " read").isEqualTo(stats.path("lines").asLong());
      assertThat(counts.duplicatesDropped()).as(source.name() + " exact duplicates")
          .isEqualTo(injected.path("exact_duplicate").asLong(0));
      assertThat(counts.personalRemoved()).as(source.name() + " personal data")
          .isEqualTo(injected.path("personal_data").asLong(0));
      Row total = result.quality().filter("source = '" + source.name() + "' and rule_id = 'TOTAL'").first();
      assertThat(total.getLong(total.fieldIndex("rows_quarantined"))).isEqualTo(counts.quarantined())
          .isEqualTo(found.values().stream().mapToLong(Long::longValue).sum());
    }
    assertNoPersonalDataOrRawIdentifiers(spark, root, format, result);
    result.release();
  }

  @Test
  void cleanDataQuarantinesNothing(SparkSession spark, @TempDir Path dir) throws Exception {
    Path root = dir.resolve("generated");
    Generator.generate(spark, config(root, OutputFormat.CSV, 0.0));
    JsonNode manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
    IngestResult result = IngestStage.run(spark, spec(root, OutputFormat.CSV), dir.resolve("clean").toString(),
        name -> null, UnaryOperator.identity());
    for (SourceContract source : Contracts.all()) {
      SourceCounts counts = result.source(source.name()).counts();
      assertThat(counts.quarantined()).as(source.name()).isZero();
      assertThat(counts.duplicatesDropped()).as(source.name()).isZero();
      assertThat(counts.accepted()).as(source.name())
          .isEqualTo(manifest.path("sources").path(source.name()).path("rows").asLong());
    }
    assertThat(result.quarantine().count()).isZero();
    result.release();
  }

  /** The generated files read plainly, every column as text. */
  private static Dataset<Row> raw(SparkSession spark, Path folder, OutputFormat format) {
    Dataset<Row> frame = switch (format) {
      case CSV -> spark.read().option("header", "true").csv(folder.toString());
      case JSON -> spark.read().option("primitivesAsString", "true").json(folder.toString());
      case PARQUET -> spark.read().parquet(folder.toString());
    };
    return frame.select(java.util.Arrays.stream(frame.columns())
        .map(c -> org.apache.spark.sql.functions.col(c).cast("string").as(c))
        .toArray(org.apache.spark.sql.Column[]::new));
  }

  /** Every string cell of every output, scanned for what the generator wrote in personal and identifier columns. */
  private static void assertNoPersonalDataOrRawIdentifiers(SparkSession spark, Path root, OutputFormat format,
      IngestResult result) {
    Set<String> secrets = new HashSet<>();
    Dataset<Row> survey = raw(spark, root.resolve("survey"), format);
    for (String column : List.of("full_name", "email", "phone", "street_address", "respondent_id")) {
      survey.select(column).na().drop().distinct().collectAsList().forEach(r -> secrets.add(r.getString(0)));
    }
    raw(spark, root.resolve("links"), format).select("account_id").na().drop()
        .distinct().collectAsList().forEach(r -> secrets.add(r.getString(0)));
    secrets.removeIf(s -> s.length() < 6);
    assertThat(secrets).hasSizeGreaterThan(600);
    List<Dataset<Row>> outputs = new java.util.ArrayList<>(List.of(result.quarantine(), result.quality()));
    for (SourceResult source : result.sources().values()) {
      outputs.add(spark.read().parquet(source.cleanPath()));
    }
    for (Dataset<Row> output : outputs) {
      for (StructField field : output.schema().fields()) {
        assertThat(field.name()).isNotIn("full_name", "email", "phone", "date_of_birth", "street_address", "postcode");
        boolean text = DataTypes.StringType.equals(field.dataType());
        boolean texts = field.dataType().equals(DataTypes.createArrayType(DataTypes.StringType, false))
            || field.dataType().equals(DataTypes.createArrayType(DataTypes.StringType, true));
        if (!text && !texts) {
          continue;
        }
        for (Row row : output.select(field.name()).collectAsList()) {
          String cell = row.isNullAt(0) ? "" : text ? row.getString(0) : String.join("|", row.<String>getList(0));
          for (String secret : secrets) {
            if (cell.contains(secret)) {
              throw new AssertionError(field.name() + " carries generated personal data or a raw id: " + secret);
            }
          }
        }
      }
    }
  }
}
