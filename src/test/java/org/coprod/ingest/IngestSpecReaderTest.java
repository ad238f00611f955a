package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
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
    return JobSpecReader.parse("name: t\noutput: out\ninputs:\n  usage:\n" + usage, dir, name -> null);
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
    assertThat(usage.formats()).isEqualTo(Map.of("ts", List.of("dd/MM/yyyy HH:mm")));
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
    assertThat(usage.nullValues()).isEmpty();
    assertThat(usage.thousandsSeparator()).isNull();
    assertThat(usage.notCollected()).isEmpty();
    assertThat(usage.extraColumns()).isEmpty();
    assertThat(usage.contract(Contracts.USAGE)).isEqualTo(Contracts.USAGE);
  }

  @Test
  void anExtraColumnMayBeMappedByColumns(@TempDir Path dir) throws Exception {
    InputSpec usage = parse(dir, """
            path: events
            columns: {RequestType: kind}
            extra_columns: {kind: string}
        """).input("usage");
    assertThat(usage.columns()).isEqualTo(Map.of("RequestType", "kind"));
  }

  @Test
  void readsTheTextAndColumnExtensions(@TempDir Path dir) throws Exception {
    InputSpec usage = parse(dir, """
            path: events
            null_values: [NA, ".", " - ", NA]
            thousands_separator: ","
            columns: {CreatedDate: ts, RequestSource: channel}
            values: {channel: {Call: phone}, request_type: {"Bulky Items": bulky}}
            formats: {ts: ["MM/dd/yyyy hh:mm:ss a", "M/d/yy H:mm"], closed: "M/d/yy"}
            not_collected: [action]
            extra_columns:
              request_type: {from: RequestType, type: string, description: "311 request type"}
              open_days: {type: integer, min: 0, unit: days}
              closed: date
              anonymous: boolean
        """).input("usage");
    assertThat(usage.nullValues()).containsExactly("NA", ".", "-");
    assertThat(usage.thousandsSeparator()).isEqualTo(",");
    assertThat(usage.formats()).isEqualTo(Map.of("ts", List.of("MM/dd/yyyy hh:mm:ss a", "M/d/yy H:mm"),
        "closed", List.of("M/d/yy")));
    assertThat(usage.notCollected()).containsExactly("action");
    assertThat(usage.columns()).isEqualTo(Map.of("CreatedDate", "ts", "RequestSource", "channel",
        "RequestType", "request_type", "open_days", "open_days", "closed", "closed", "anonymous", "anonymous"));
    assertThat(usage.values()).containsKey("request_type");
    SourceContract contract = usage.contract(Contracts.USAGE);
    assertThat(contract.columnNames()).containsExactly("event_id", "account_id", "ts", "channel", "service", "action",
        "neighbourhood_id", "request_type", "open_days", "closed", "anonymous");
    assertThat(contract.plainSchema().apply("action").nullable()).as("not collected").isTrue();
    assertThat(contract.plainSchema().apply("open_days").nullable()).isTrue();
    assertThat(contract.plainSchema().simpleString()).endsWith(
        "request_type:string,open_days:int,closed:date,anonymous:boolean>");
    ColumnSpec openDays = contract.column("open_days").orElseThrow();
    assertThat(openDays.min()).isEqualTo(0.0);
    assertThat(openDays.max()).isNull();
    assertThat(openDays.unit()).isEqualTo("days");
    assertThat(contract.column("request_type").orElseThrow().description()).isEqualTo("311 request type");
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
        List.of("    constants: {nope: 1}\n", "inputs.usage.constants: nope is not a column of usage"),
        List.of("    thousands_separator: ab\n", "invalid inputs.usage.thousands_separator: \"ab\" (must be one character "
            + "other than a letter, digit, sign, quote or '.', e.g. \",\" or \" \")"),
        List.of("    thousands_separator: '.'\n", "invalid inputs.usage.thousands_separator: \".\""),
        List.of("    thousands_separator: 1\n", "invalid inputs.usage.thousands_separator: \"1\""),
        List.of("    null_values: NA\n", "inputs.usage.null_values: expected a list"),
        List.of("    formats: {ts: []}\n", "inputs.usage.formats.ts: no pattern"),
        List.of("    formats: {ts: {a: b}}\n", "inputs.usage.formats.ts: expected a text value or a list"),
        List.of("    formats: {ts: [\"yyyy-MM-dd\", \"YYYY-ww\"]}\n",
            "invalid inputs.usage.formats.ts: YYYY-ww (letter 'Y' is not supported for parsing"),
        List.of("    formats: {ts: \"EEE, dd MMM yyyy\"}\n", "invalid inputs.usage.formats.ts: EEE, dd MMM yyyy (letter 'E'"),
        List.of("    formats: {ts: \"yyyy-MM-dd'T\"}\n", "invalid inputs.usage.formats.ts: yyyy-MM-dd'T ("),
        List.of("    not_collected: [event_id]\n", "inputs.usage.not_collected: event_id is a key column of usage and "
            + "must be collected (key columns: event_id, ts)"),
        List.of("    not_collected: [colour]\n", "inputs.usage.not_collected: colour is not a column of usage"),
        List.of("    not_collected: [action, action]\n", "inputs.usage.not_collected: action is listed twice"),
        List.of("    not_collected: [action]\n    columns: {Act: action}\n",
            "inputs.usage.columns.Act: action is also listed in inputs.usage.not_collected"),
        List.of("    not_collected: [action]\n    constants: {action: report}\n",
            "inputs.usage.constants.action: column is also listed in inputs.usage.not_collected"),
        List.of("    columns: {CreatedDate: ts, createddate: event_id}\n",
            "inputs.usage.columns: CreatedDate and createddate name the same file column"),
        List.of("    extra_columns: {channel: string}\n", "inputs.usage.extra_columns.channel: channel is already a "
            + "column of usage"),
        List.of("    extra_columns: {month: string}\n", "inputs.usage.extra_columns.month: month is already a column"),
        List.of("    extra_columns: {RequestType: string}\n", "invalid inputs.usage.extra_columns.RequestType: "
            + "RequestType is not a snake_case name"),
        List.of("    extra_columns: {zip_code: string}\n", "inputs.usage.extra_columns.zip_code: zip_code is a "
            + "personal-data name"),
        List.of("    personal_columns: [caller]\n    extra_columns: {caller: string}\n",
            "inputs.usage.extra_columns.caller: caller is a personal-data name"),
        List.of("    extra_columns: {area: {from: ZipCode, type: string}}\n",
            "inputs.usage.extra_columns.area.from: ZipCode is a personal-data column"),
        List.of("    columns: {requesttype: service}\n    extra_columns: {kind: {from: RequestType, type: string}}\n",
            "inputs.usage.extra_columns.kind.from: RequestType is also mapped by inputs.usage.columns.requesttype"),
        List.of("    columns: {kind: service}\n    extra_columns: {kind: string}\n",
            "inputs.usage.extra_columns.kind (read from the file column of its name; set from: to read another): "
                + "kind is also mapped by inputs.usage.columns.kind"),
        List.of("    columns: {Kind: kind}\n    extra_columns: {kind: {from: Type, type: string}}\n",
            "inputs.usage.extra_columns.kind.from: kind is also mapped by inputs.usage.columns (give one of them)"),
        List.of("    extra_columns: {kind: {type: text}}\n", "invalid inputs.usage.extra_columns.kind.type: text "
            + "(allowed: integer, double, string, date, timestamp, boolean)"),
        List.of("    values: {kind: {a: b}}\n", "inputs.usage.values: kind is not a column of usage"));
    for (List<String> c : cases) {
      assertThatThrownBy(() -> parse(dir, "    path: events\n" + c.get(0)))
          .as(c.get(0)).isInstanceOf(SpecException.class).hasMessageStartingWith(c.get(1));
    }
  }
}
