package org.coprod.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.coprod.spec.SpecException;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code coprod report}: arguments are checked before Spark starts; a pooled run reports without group effects. */
@SparkTest
class ReportCommandTest {

  @TempDir Path temp;

  @Test
  void missingOptionsAreUsageErrors() {
    CommandLine commandLine = new CommandLine(new ReportCommand(CliRunner.noSpark()));
    commandLine.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
    assertThat(commandLine.execute("--out", temp.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(commandLine.execute("--in", temp.toString())).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void badValuesFailBeforeSparkStarts() throws Exception {
    assertThatThrownBy(() -> command("--in", temp.resolve("nope").toString(), "--out", temp.toString()).call())
        .isInstanceOf(SpecException.class).hasMessage("--in: no such folder: " + temp.resolve("nope"));
    assertThatThrownBy(() -> command("--in", temp.toString(), "--out", temp.toString(), "--max-groups", "2").call())
        .isInstanceOf(SpecException.class).hasMessage("invalid --max-groups: 2 (must be >= 4)");
    Path file = Files.writeString(temp.resolve("file.txt"), "x");
    assertThatThrownBy(() -> command("--in", temp.toString(), "--out", file.toString()).call())
        .isInstanceOf(SpecException.class).hasMessage("--out: not a folder: " + file);
    assertThat(ExitCodes.isConfigurationError(new SpecException("x"))).isTrue();
  }

  @Test
  void reportsAPooledRunFromItsOutputFolder(SparkSession spark) throws Exception {
    String out = temp.resolve("out").toString();
    CliRunner.Result fit = CliRunner.run(() -> spark, "fit", "--data", "src/test/resources/golden/glm_pooled/data.csv", "--formula",
        "y ~ age10 + gender + education + trust + urban", "--id", "pooled", "--out", out);
    assertThat(fit.exitCode()).as(fit.err()).isZero();
    long terms = spark.read().parquet(out + "/runs/" + Files.readString(Path.of(out, "latest")).trim() + "/factor_effects")
        .filter("term <> '(Intercept)'").count();

    ReportCommand report = new ReportCommand(() -> spark);
    new CommandLine(report).parseArgs("--in", out, "--out", temp.resolve("report").toString());
    int code = report.call();
    assertThat(code).isZero();
    String html = Files.readString(temp.resolve("report/report.html"), StandardCharsets.UTF_8);
    assertThat(terms).isEqualTo(6);
    assertThat(count(html, "class=\"forest-ci ")).isEqualTo(terms);
    assertThat(html).contains("No group effects").contains("<code>divide</code> absent").contains("no manifest.json");
    assertThat(html).contains("y ~ age10 + gender + education + trust + urban").contains("glm");
  }

  private ReportCommand command(String... args) {
    ReportCommand command = new ReportCommand(CliRunner.noSpark());
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private static int count(String text, String literal) {
    return text.split(java.util.regex.Pattern.quote(literal), -1).length - 1;
  }
}
