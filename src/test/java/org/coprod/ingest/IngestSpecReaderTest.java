package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.spec.JobSpecReader;
import org.coprod.spec.SpecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input mapping keys of a job spec: every key and default pinned, every mistake named. */
class IngestSpecReaderTest {

  private static JobSpec parse(Path dir, String usage) throws Exception {
    Files.createDirectories(dir.resolve("events"));
    return JobSpecReader.parse("name: t\noutput: out\ninputs:\n  usage:\n" + usage, dir);
  }

  @Test
  void readsEveryMappingKey(@TempDir Path dir) throws Exception {
    JobSpec spec = parse(dir, """
            path: events
            format: csv
            delimiter: ";"
            encoding: ISO-8859-1
            columns: {EventID: event_id, When: ts}
            values: {channel: {"Citizens Connect App": app, "Self Service": web}}
            constants: {service: street_lighting}
            formats: {ts: "dd/MM/yyyy HH:mm"}
            personal_columns: [nombre, correo]
            study_window: {from: 2025-01-01, to: 2025-12-31}
        """);
    InputSpec usage = spec.input("usage");
    assertThat(usage.delimiter()).isEqualTo(";");
    assertThat(usage.encoding()).isEqualTo("ISO-8859-1");
    assertThat(usage.columns()).isEqualTo(Map.of("EventID", "event_id", "When", "ts"));
    assertThat(usage.values()).isEqualTo(Map.of("channel", Map.of("Citizens Connect App", "app", "Self Service", "web")));
    assertThat(usage.constants()).isEqualTo(Map.of("service", "street_lighting"));
    assertThat(usage.formats()).isEqualTo(Map.of("ts", "dd/MM/yyyy HH:mm"));
    assertThat(usage.personalColumns()).containsExactly("nombre", "correo");
    assertThat(usage.studyWindow()).isEqualTo(new InputSpec.StudyWindow(LocalDate.of(2025, 1, 1),
        LocalDate.of(2025, 12, 31)));
  }

  @Test
  void defaults(@TempDir Path dir) throws Exception {
    InputSpec usage = parse(dir, "    path: events\n").input("usage");
    assertThat(usage.format()).isEqualTo(InputSpec.Format.CSV);
    assertThat(usage.delimiter()).isEqualTo(",");
    assertThat(usage.encoding()).isEqualTo("UTF-8");
    assertThat(usage.columns()).isEmpty();
    assertThat(usage.values()).isEmpty();
    assertThat(usage.constants()).isEmpty();
    assertThat(usage.formats()).isEmpty();
    assertThat(usage.personalColumns()).isEmpty();
    assertThat(usage.studyWindow()).isNull();
  }

  @Test
  void mistakesAreNamed(@TempDir Path dir) {
    List<List<String>> cases = List.of(
        List.of("    columns: {EventID: event_ident}\n", "inputs.usage.columns.EventID: event_ident is not a column of usage"),
        List.of("    columns: {A: ts, B: ts}\n", "inputs.usage.columns: A and B both map to ts"),
        List.of("    formats: {channel: yyyy}\n", "inputs.usage.formats.channel: not a date or timestamp column"),
        List.of("    delimiter: ';;'\n", "invalid inputs.usage.delimiter: \";;\" (must be one character)"),
        List.of("    encoding: KLINGON-8\n", "invalid inputs.usage.encoding: KLINGON-8"),
        List.of("    study_window: {from: 2025-12-01, to: 2025-01-01}\n", "inputs.usage.study_window: invalid study window"),
        List.of("    study_window: {from: yesterday}\n", "invalid inputs.usage.study_window.from: yesterday"),
        List.of("    colums: {A: ts}\n", "inputs.usage.colums: unknown key"),
        List.of("    constants: {nope: 1}\n", "inputs.usage.constants: nope is not a column of usage"));
    for (List<String> c : cases) {
      assertThatThrownBy(() -> parse(dir, "    path: events\n" + c.get(0)))
          .as(c.get(0)).isInstanceOf(SpecException.class).hasMessageStartingWith(c.get(1));
    }
  }
}
