package org.coprod;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the package rules of DESIGN.md true: {@code stats} is pure numerics without Spark. */
class ArchitectureTest {

  private static final Path MAIN = Path.of("src/main/java/org/coprod");

  @Test
  void statsImportsNoSparkScalaOrHadoop() throws IOException {
    List<String> offenders = importsMatching(MAIN.resolve("stats"), "import (static )?(org\\.apache\\.(spark|hadoop)|scala)\\..*");
    assertThat(offenders).as("stats must stay free of Spark, Scala and Hadoop").isEmpty();
  }

  @Test
  void statsDependsOnNoOtherCoprodPackage() throws IOException {
    List<String> offenders = importsMatching(MAIN.resolve("stats"), "import (static )?org\\.coprod\\.(?!stats\\.).*");
    assertThat(offenders).as("stats is the bottom layer").isEmpty();
  }

  @Test
  void statsPackageExistsSoTheRulesAboveCheckSomething() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN.resolve("stats"))) {
      assertThat(files.filter(p -> p.toString().endsWith(".java")).count()).isPositive();
    }
  }

  static List<String> importsMatching(Path root, String regex) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .flatMap(
              p -> {
                try {
                  return Files.readAllLines(p).stream().filter(l -> l.trim().matches(regex)).map(l -> p + ": " + l.trim());
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
