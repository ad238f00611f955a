package org.coprod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.stats.GoldenCsv;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar as a cluster gets it: thin (no Spark, Scala or Hadoop inside), and
 * runnable by Spark's own SparkSubmit, both directly and through the jobs/coprod launcher,
 * with the same factor_effects either way.
 */
@SparkTest
class ThinJarIT {

  static final Path JAR = Path.of(System.getProperty("coprod.jar", "target/coprod-0.1.0.jar"));
  static final String FORMULA = "y ~ age10 + gender + education + trust + urban";

  @TempDir Path temp;

  @Test
  void jarCarriesOurClassesAndRelocatedLibrariesOnly() throws IOException {
    assertThat(JAR).exists();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = Collections.list(jar.entries()).stream().map(e -> e.getName()).toList();
      assertThat(names).noneMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/") || n.startsWith("org/apache/hadoop/"));
      assertThat(names).contains("org/coprod/cli/Main.class", "org/coprod/shaded/picocli/CommandLine.class");
      assertThat(names).noneMatch(n -> n.startsWith("picocli/") || n.startsWith("org/snakeyaml/"));
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("org.coprod.cli.Main");
    }
  }

  @Test
  void sparkSubmitAndLauncherGiveTheSameFactorEffects(SparkSession spark) throws Exception {
    Path data = GoldenCsv.golden("glm_pooled", "data.csv").toAbsolutePath();
    Path viaSubmit = temp.resolve("submit");
    Path viaLauncher = temp.resolve("launcher");

    List<String> submit = new ArrayList<>(javaWithSparkOnClasspath());
    submit.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf", "spark.ui.enabled=false",
        "--class", "org.coprod.cli.Main", JAR.toAbsolutePath().toString(),
        "fit", "--data", data.toString(), "--formula", FORMULA, "--weights", "w", "--out", viaSubmit.toString()));
    run(submit);

    run(List.of("jobs/coprod", "--master", "local[2]", "--driver-memory", "1g",
        "fit", "--data", data.toString(), "--formula", FORMULA, "--weights", "w", "--out", viaLauncher.toString()));

    Dataset<Row> a = effects(spark, viaSubmit);
    Dataset<Row> b = effects(spark, viaLauncher);
    assertThat(a.count()).isEqualTo(7);
    assertThat(a.exceptAll(b).count()).isZero();
    assertThat(b.exceptAll(a).count()).isZero();
  }

  private static Dataset<Row> effects(SparkSession spark, Path output) {
    return spark.read().parquet(FitCommandTest.latestRun(output).resolve("factor_effects").toString())
        .drop("run_id");
  }

  /** This JVM's classpath minus our own classes and libraries: what a Spark installation provides. */
  private static List<String> javaWithSparkOnClasspath() {
    String classpath =
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
            .filter(entry -> !entry.contains("target/classes") && !entry.contains("target/test-classes"))
            .filter(entry -> !entry.contains("picocli") && !entry.contains("snakeyaml-engine"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
        "-Djdk.reflect.useDirectMethodHandle=false", "-Duser.timezone=UTC"));
    command.add("-cp");
    command.add(classpath);
    return command;
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile(temp, "child", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    assertThat(finished && process.exitValue() == 0).as(String.join(" ", command.subList(0, Math.min(3, command.size()))) + "\n" + Files.readString(log)).isTrue();
  }
}
