package org.coprod.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.coprod.stats.CovarianceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job spec: defaults pinned, every kind of mistake named in one line. */
class JobSpecReaderTest {

  @TempDir Path temp;

  private JobSpec parse(String yaml) throws IOException {
    Files.createDirectories(temp.resolve("data/survey"));
    return JobSpecReader.parse(yaml, temp);
  }

  private static final String MINIMAL = """
      name: t
      inputs:
        survey: data/survey
      output: out
      models:
        - id: m
          formula: y ~ x
      """;

  @Test
  void minimalSpecGetsDocumentedDefaults() throws IOException {
    JobSpec spec = parse(MINIMAL);
    assertThat(spec.name()).isEqualTo("t");
    assertThat(spec.output()).isEqualTo(temp.resolve("out").toString());
    assertThat(spec.input("survey").location()).isEqualTo(temp.resolve("data/survey").toString());
    assertThat(spec.input("survey").format()).isEqualTo(InputSpec.Format.CSV);
    assertThat(spec.input("survey").delimiter()).isEqualTo(",");
    assertThat(spec.pseudonymisationKeyEnv()).isEqualTo("COPROD_PSEUDONYM_KEY");
    assertThat(spec.demoKey()).isNull();
    assertThat(spec.minGroupSize()).isEqualTo(10);
    ModelSpec model = spec.models().get(0);
    assertThat(model.method()).isEqualTo(Method.GLM);
    assertThat(model.nAGQ()).isEqualTo(1);
    assertThat(model.standardErrors()).isEqualTo(CovarianceType.MODEL);
    assertThat(model.weights()).isNull();
    assertThat(model.references()).isEmpty();
  }

  @Test
  void agqDefaultsToSevenNodesAndClusterToClusterRobustErrors() throws IOException {
    JobSpec spec = parse(MINIMAL + """
          - id: a
            formula: y ~ x + (1 | g)
            method: agq
          - id: c
            formula: y ~ x
            cluster: g
        """);
    assertThat(spec.models().get(1).nAGQ()).isEqualTo(7);
    assertThat(spec.models().get(2).standardErrors()).isEqualTo(CovarianceType.CLUSTER);
  }

  @Test
  void unknownKeyIsNamedWithWhatIsAllowed() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("formula: y ~ x", "formula: y ~ x\n    methd: glm")))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith("models[0].methd: unknown key (allowed: ");
    assertThatThrownBy(() -> parse(MINIMAL + "colour: blue\n")).hasMessageStartingWith("colour: unknown key");
  }

  @Test
  void wrongTypesAndRangesAreNamed() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("formula: y ~ x", "formula: y ~ x\n    method: agq\n    nagq: seven")))
        .hasMessage("models[0].nagq: expected an integer 1..25, got \"seven\"");
    assertThatThrownBy(() -> parse(MINIMAL.replace("formula: y ~ x", "formula: y ~ x\n    method: agq\n    nagq: 0")))
        .hasMessage("invalid models[0].nagq: 0 (must be 1..25)");
    assertThatThrownBy(() -> parse(MINIMAL.replace("formula: y ~ x", "formula: y ~ x\n    method: probit")))
        .hasMessage("invalid models[0].method: probit (allowed: glm, laplace, agq)");
    assertThatThrownBy(() -> parse(MINIMAL + "privacy: {min_group_size: 0}\n"))
        .hasMessage("invalid privacy.min_group_size: 0 (must be 1..1000000)");
    assertThatThrownBy(() -> parse(MINIMAL.replace("formula: y ~ x", "formula: y ~ x\n    nagq: 3")))
        .hasMessage("model m: nagq 3 needs method agq (method is glm)");
  }

  @Test
  void missingInputsAndKeysAreNamed() {
    assertThatThrownBy(() -> parse(MINIMAL.replace("data/survey", "data/nowhere")))
        .hasMessage("inputs.survey: no such file or directory: " + temp.resolve("data/nowhere"));
    assertThatThrownBy(() -> parse(MINIMAL.replace("data/survey", "data/*.parquet")))
        .hasMessage("inputs.survey: no files match " + temp.resolve("data/*.parquet"));
    assertThatThrownBy(() -> parse(MINIMAL.replace("  survey: data/survey", "  surveys: data/survey")))
        .hasMessageStartingWith("inputs.surveys: unknown source (allowed: survey, usage, links, neighbourhoods, municipalities)");
    assertThatThrownBy(() -> parse(MINIMAL.replace("output: out\n", ""))).hasMessage("output: required key is missing");
    assertThatThrownBy(() -> parse(MINIMAL + "  - id: m\n    formula: z ~ x\n")).hasMessage("duplicate model id: m");
  }

  @Test
  void remoteLocationsAreLeftToHadoop() throws IOException {
    JobSpec spec = parse(MINIMAL.replace("data/survey", "hdfs://namenode:8020/coprod/survey/*.csv"));
    assertThat(spec.input("survey").location()).isEqualTo("hdfs://namenode:8020/coprod/survey/*.csv");
  }

  @Test
  void invalidYamlIsOneLine() {
    assertThatThrownBy(() -> parse("name: [unclosed\n")).hasMessageStartingWith("job spec is not valid YAML:").message().doesNotContain("\n");
  }

  @Test
  void bundledSampleSpecParses() {
    JobSpec spec = JobSpecReader.read(Path.of("jobs/sample.yaml"));
    assertThat(spec.models()).extracting(ModelSpec::id).contains("ict_pooled", "traditional_pooled", "ict_multilevel");
    assertThat(spec.demoKey()).isNotBlank();
    assertThat(spec.output()).endsWith("out/sample");
  }
}
