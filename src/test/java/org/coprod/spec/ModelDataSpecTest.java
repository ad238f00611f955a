package org.coprod.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A model's data table and subset condition in the job spec. */
class ModelDataSpecTest {

  private static final Path BASE = Path.of(".");

  private static String spec(String modelKeys, String inputs) {
    return "name: t\ninputs: {" + inputs + "}\noutput: /tmp/out\nmodels:\n  - id: m\n    formula: y ~ x\n" + modelKeys;
  }

  @Test
  void dataDefaultsToCitizensAndSubsetToNone() {
    ModelSpec model = JobSpecReader.parse(spec("", ""), BASE).models().get(0);
    assertThat(model.data()).isEqualTo(ModelData.CITIZENS);
    assertThat(model.subset()).isNull();
  }

  @Test
  void readsDataAndSubset() {
    ModelSpec model = JobSpecReader.parse(
        spec("    data: events\n    subset: \"channel <> 'staff' AND year >= 2015\"\n", "usage: hdfs://nn/usage"), BASE)
        .models().get(0);
    assertThat(model.data()).isEqualTo(ModelData.EVENTS);
    assertThat(model.data().table()).isEqualTo("event_features");
    assertThat(model.subset()).isEqualTo("channel <> 'staff' AND year >= 2015");
  }

  @Test
  void rejectsUnknownDataNamingTheAllowedTables() {
    assertThatThrownBy(() -> JobSpecReader.parse(spec("    data: requests\n", ""), BASE))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("requests").hasMessageContaining("citizens").hasMessageContaining("events");
  }

  @Test
  void rejectsASubsetThatIsNotSqlBeforeAnyWork() {
    assertThatThrownBy(() -> JobSpecReader.parse(spec("    subset: \"channel <> <> 'staff'\"\n", ""), BASE))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith("invalid models.m.subset: channel <> <> 'staff' is not a Spark SQL condition");
  }

  @Test
  void eventModelsNeedUsageInput() {
    assertThatThrownBy(() -> JobSpecReader.parse(spec("    data: events\n", ""), BASE))
        .isInstanceOf(SpecException.class)
        .hasMessage("model m: data: events needs inputs.usage");
  }
}
