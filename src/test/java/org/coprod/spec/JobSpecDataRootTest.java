package org.coprod.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code data_root} and {@code ${data_root}}: the spec's value, the environment's override, and every mistake named. */
class JobSpecDataRootTest {

  @TempDir Path temp;

  @BeforeEach
  void folders() throws IOException {
    Files.createDirectories(temp.resolve("jobs"));
    Files.createDirectories(temp.resolve("data/survey"));
    Files.createDirectories(temp.resolve("other/survey"));
  }

  private JobSpec parse(String yaml, Map<String, String> environment) {
    return JobSpecReader.parse("name: t\noutput: out\n" + yaml, temp.resolve("jobs"), environment::get);
  }

  @Test
  void dataRootIsResolvedAgainstTheSpecFolderAndSubstituted() {
    JobSpec spec = parse("data_root: ../data\ninputs:\n  survey: ${data_root}/survey\n", Map.of());
    assertThat(spec.dataRoot()).isEqualTo(temp.resolve("data").toString());
    assertThat(spec.input("survey").location()).isEqualTo(temp.resolve("data/survey").toString());
    JobSpec mapping = parse("data_root: ../data/\ninputs:\n  survey: {path: \"${data_root}/survey\"}\n", Map.of());
    assertThat(mapping.input("survey").location()).isEqualTo(temp.resolve("data/survey").toString());
  }

  @Test
  void environmentOverridesTheSpec() {
    JobSpec spec = parse("data_root: ../data\ninputs:\n  survey: ${data_root}/survey\n",
        Map.of("COPROD_DATA_ROOT", temp.resolve("other").toString()));
    assertThat(spec.dataRoot()).isEqualTo(temp.resolve("other").toString());
    assertThat(spec.input("survey").location()).isEqualTo(temp.resolve("other/survey").toString());
    JobSpec withoutSpecValue = parse("inputs:\n  survey: ${data_root}/survey\n",
        Map.of("COPROD_DATA_ROOT", temp.resolve("other").toString()));
    assertThat(withoutSpecValue.input("survey").location()).isEqualTo(temp.resolve("other/survey").toString());
  }

  @Test
  void uriRootsAreTakenAsTheyAre() {
    JobSpec spec = parse("data_root: hdfs://namenode:8020/real/\ninputs:\n  survey: ${data_root}/survey/*.csv\n",
        Map.of());
    assertThat(spec.input("survey").location()).isEqualTo("hdfs://namenode:8020/real/survey/*.csv");
    JobSpec fromEnvironment = parse("inputs:\n  survey: ${data_root}/survey\n", Map.of("COPROD_DATA_ROOT",
        "s3a://bucket/real"));
    assertThat(fromEnvironment.input("survey").location()).isEqualTo("s3a://bucket/real/survey");
  }

  @Test
  void pathsWithoutThePlaceholderAndSpecsWithoutARootAreUnchanged() {
    JobSpec spec = parse("data_root: ../nowhere\ninputs:\n  survey: ../data/survey\n", Map.of());
    assertThat(spec.input("survey").location()).isEqualTo(temp.resolve("data/survey").toString());
    assertThat(parse("inputs:\n  survey: ../data/survey\n", Map.of()).dataRoot()).isNull();
  }

  @Test
  void mistakesAreNamed() {
    assertThatThrownBy(() -> parse("inputs:\n  survey: ${data_root}/survey\n", Map.of()))
        .isInstanceOf(SpecException.class)
        .hasMessage("inputs.survey: ${data_root}/survey uses ${data_root}, but neither data_root nor the environment "
            + "variable COPROD_DATA_ROOT is set");
    assertThatThrownBy(() -> parse("inputs:\n  survey: {path: \"${data_root}/survey\"}\n", Map.of()))
        .hasMessageStartingWith("inputs.survey.path: ${data_root}/survey uses ${data_root}");
    assertThatThrownBy(() -> parse("data_root: ../data\ninputs:\n  survey: ${home}/survey\n", Map.of()))
        .hasMessage("inputs.survey: unknown placeholder ${home} in ${home}/survey (allowed: ${data_root})");
    assertThatThrownBy(() -> parse("data_root: ${data_root}/x\ninputs:\n  survey: ../data/survey\n", Map.of()))
        .hasMessage("invalid data_root: \"${data_root}/x\" (a path or URI, without placeholders)");
    assertThatThrownBy(() -> parse("data_root: ../data\ninputs:\n  survey: ${data_root}/nothing\n", Map.of()))
        .hasMessage("inputs.survey: no such file or directory: " + temp.resolve("data/nothing"));
    assertThatThrownBy(() -> parse("data_root: [a]\ninputs:\n  survey: ../data/survey\n", Map.of()))
        .hasMessage("data_root: expected a text value, got a list");
  }
}
