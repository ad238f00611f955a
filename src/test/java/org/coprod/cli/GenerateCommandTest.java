package org.coprod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Bad values exit 2 with one line before Spark is touched; a good run uses the supplied session. */
@SparkTest
class GenerateCommandTest {

  @TempDir
  Path dir;

  private record Run(int exitCode, String out, String err, int sparkRequests) {}

  private Run run(java.util.function.Supplier<SparkSession> spark, String... args) {
    AtomicInteger requests = new AtomicInteger();
    CommandLine commandLine = new CommandLine(new GenerateCommand(() -> {
      requests.incrementAndGet();
      return spark.get();
    }));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString(), requests.get());
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "--citizens;0;generate: invalid citizens: 0 (must be 1..1000000000)",
      "--citizens;many;generate: invalid citizens: many (must be 1..1000000000)",
      "--seed;x1;generate: invalid seed: x1 (must be a 64-bit integer)",
      "--format;xml;generate: invalid format: xml (must be csv, json or parquet)",
      "--dirty-rate;0.9;generate: invalid dirty-rate: 0.9 (must be 0..0.5)",
      "--dirty-rate;lots;generate: invalid dirty-rate: lots (must be 0..0.5)",
      "--neighbourhoods;100000;generate: invalid neighbourhoods: 100000 (must be 1..99999)",
      "--waves;0;generate: invalid waves: 0 (must be 1..10)",
      "--rows-per-partition;10;generate: invalid rows-per-partition: 10 (must be 100..10000000)"})
  void badValueExitsTwoWithOneLineNamingValueAndRange(String option, String value, String message) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
        "--citizens", "100", "--seed", "1", "--format", "csv", "--out", dir.toString()));
    int at = args.indexOf(option);
    if (at >= 0) {
      args.set(at + 1, value);
    } else {
      args.add(option);
      args.add(value);
    }
    Run run = run(() -> {
      throw new AssertionError("Spark must not start on a usage error");
    }, args.toArray(String[]::new));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo(message + System.lineSeparator());
    assertThat(run.sparkRequests()).isZero();
  }

  @Test
  void municipalitiesMayNotExceedNeighbourhoods() {
    Run run = run(() -> null, "--citizens", "100", "--seed", "1", "--format", "csv", "--out", dir.toString(),
        "--neighbourhoods", "5", "--municipalities", "6");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("generate: invalid municipalities: 6 (must be 1..5");
  }

  @Test
  void generatesWithTheSuppliedSession(SparkSession spark) {
    Path out = dir.resolve("out");
    Run run = run(() -> spark, "--citizens", "200", "--seed", "9", "--format", "json", "--out", out.toString(),
        "--dirty-rate", "0.01", "--neighbourhoods", "12");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.sparkRequests()).isEqualTo(1);
    assertThat(run.out()).startsWith("generated 200 respondents into ");
    assertThat(out.resolve("survey/part-00000.json")).exists();
    assertThat(out.resolve("manifest.json")).exists();
    assertThat(Files.exists(out.resolve("truth.json"))).isTrue();
  }
}
