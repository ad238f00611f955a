package org.coprod.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.coprod.ingest.contract.SourceContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tables:} section: every key and default pinned, every mistake named in one line. */
class JobSpecTablesTest {

  @TempDir Path temp;

  @BeforeEach
  void files() throws IOException {
    Files.createDirectories(temp.resolve("real/uk"));
    Files.writeString(temp.resolve("real/uk/population.csv"), "lsoa,pop\n");
    Files.writeString(temp.resolve("real/uk/budget.json"), "{}\n");
  }

  private JobSpec parse(String tables) {
    return JobSpecReader.parse("name: t\noutput: out\ndata_root: real\ntables:\n" + tables, temp, name -> null);
  }

  private static final String POPULATION = """
        population:
          path: ${data_root}/uk/population.csv
          attaches_to: neighbourhoods
          key: lsoa
      """;

  @Test
  void readsEveryKey() {
    JobSpec spec = parse("""
          population:
            path: ${data_root}/uk/population.csv
            format: csv
            attaches_to: neighbourhoods
            key: lsoa
            delimiter: ";"
            encoding: ISO-8859-1
            null_values: [NA, "."]
            thousands_separator: ","
            formats: {counted_on: ["dd/MM/yyyy", "yyyy-MM-dd"]}
            values: {urban: {U: "true", R: "false"}}
            personal_columns: [contact]
            columns:
              pop: {type: integer, min: 0, unit: persons, description: mid-year estimate}
              counted_on: {from: Date, type: date}
              urban: boolean
          budget:
            path: ${data_root}/uk/budget.json
            format: json
            attaches_to: municipalities
            fill_absent: 0
            columns: {budget: {type: double, min: 0, max: 1000.5}}
        """);
    assertThat(spec.tables().keySet()).containsExactly("population", "budget");
    TableSpec population = spec.tables().get("population");
    assertThat(population.attachesTo()).isEqualTo(TableSpec.AttachesTo.NEIGHBOURHOODS);
    assertThat(population.attachesTo().source()).isEqualTo("neighbourhoods");
    assertThat(population.attachesTo().keyColumn()).isEqualTo("neighbourhood_id");
    assertThat(population.key()).isEqualTo("lsoa");
    assertThat(population.location()).isEqualTo(temp.resolve("real/uk/population.csv").toString());
    InputSpec input = population.input();
    assertThat(input.source()).isEqualTo("population");
    assertThat(input.specKey()).isEqualTo("tables.population");
    assertThat(input.format()).isEqualTo(InputSpec.Format.CSV);
    assertThat(input.delimiter()).isEqualTo(";");
    assertThat(input.encoding()).isEqualTo("ISO-8859-1");
    assertThat(input.nullValues()).containsExactly("NA", ".");
    assertThat(input.thousandsSeparator()).isEqualTo(",");
    assertThat(input.formats()).isEqualTo(Map.of("counted_on", List.of("dd/MM/yyyy", "yyyy-MM-dd")));
    assertThat(input.values()).isEqualTo(Map.of("urban", Map.of("U", "true", "R", "false")));
    assertThat(input.personalColumns()).containsExactly("contact");
    assertThat(input.columns()).isEqualTo(Map.of("lsoa", "neighbourhood_id", "pop", "pop", "Date", "counted_on",
        "urban", "urban"));
    SourceContract contract = population.contract();
    assertThat(contract.name()).isEqualTo("population");
    assertThat(contract.keyColumns()).containsExactly("neighbourhood_id");
    assertThat(contract.uniqueKey()).containsExactly("neighbourhood_id");
    assertThat(contract.schema().simpleString())
        .isEqualTo("struct<neighbourhood_id:string,pop:int,counted_on:date,urban:boolean>");
    assertThat(contract.schema().apply("neighbourhood_id").nullable()).isFalse();
    assertThat(contract.schema().apply("pop").nullable()).isTrue();
    assertThat(contract.schema().apply("pop").metadata().getString("unit")).isEqualTo("persons");
    assertThat(contract.schema().apply("pop").metadata().getString("description")).isEqualTo("mid-year estimate");
    assertThat(contract.column("pop").orElseThrow().min()).isEqualTo(0.0);
    TableSpec budget = spec.tables().get("budget");
    assertThat(budget.attachesTo().keyColumn()).isEqualTo("municipality_id");
    assertThat(budget.key()).as("default key: the id column's own name").isEqualTo("municipality_id");
    assertThat(budget.input().format()).isEqualTo(InputSpec.Format.JSON);
    assertThat(budget.contract().column("budget").orElseThrow().max()).isEqualTo(1000.5);
    assertThat(budget.fillAbsent()).isEqualTo(0.0);
    assertThat(population.fillAbsent()).as("default: absent areas stay missing").isNull();
  }

  @Test
  void defaults() {
    TableSpec population = parse(POPULATION + "    columns: {pop: integer}\n").tables().get("population");
    InputSpec input = population.input();
    assertThat(input.format()).isEqualTo(InputSpec.Format.CSV);
    assertThat(input.delimiter()).isEqualTo(",");
    assertThat(input.encoding()).isEqualTo("UTF-8");
    assertThat(input.nullValues()).isEmpty();
    assertThat(input.thousandsSeparator()).isNull();
    assertThat(input.formats()).isEmpty();
    assertThat(input.values()).isEmpty();
    assertThat(input.studyWindow()).isNull();
    assertThat(population.contract().column("pop").orElseThrow().unit()).isEqualTo("-");
    assertThat(parse("").tables()).isEmpty();
  }

  @Test
  void mistakesAreNamed() {
    List<List<String>> cases = List.of(
        List.of("  Pop:\n    path: x\n", "invalid tables.Pop: Pop is not a snake_case name"),
        List.of("  quality:\n    path: x\n", "invalid tables.quality: quality is reserved (not allowed: survey, usage,"),
        List.of("  survey:\n    path: x\n", "invalid tables.survey: survey is reserved"),
        List.of("  population: real/uk/population.csv\n", "tables.population: expected a mapping with path"),
        List.of("  population:\n    path: ${data_root}/uk/none.csv\n    attaches_to: neighbourhoods\n",
            "tables.population: no such file or directory: " + temp.resolve("real/uk/none.csv")),
        List.of("  population:\n    path: ${data_root}/uk/population.csv\n",
            "tables.population.attaches_to: required key is missing (allowed: neighbourhoods, municipalities)"),
        List.of("  population:\n    path: ${data_root}/uk/population.csv\n    attaches_to: wards\n",
            "invalid tables.population.attaches_to: wards (allowed: neighbourhoods, municipalities)"),
        List.of(POPULATION + "    columns: {pop: {min: 0}}\n",
            "tables.population.columns.pop.type: required key is missing (allowed: integer, double, string, date, "
                + "timestamp, boolean)"),
        List.of(POPULATION + "    columns: {pop: float}\n",
            "invalid tables.population.columns.pop.type: float (allowed: integer, double"),
        List.of(POPULATION + "    columns: {pop: {type: string, min: 0}}\n",
            "tables.population.columns.pop: min and max need type integer or double (type is string)"),
        List.of(POPULATION + "    columns: {pop: {type: integer, min: 5, max: 1}}\n",
            "invalid tables.population.columns.pop: min 5 is above max 1"),
        List.of(POPULATION + "    columns: {neighbourhood_id: string}\n",
            "tables.population.columns.neighbourhood_id: neighbourhood_id is already the key column"),
        List.of(POPULATION + "    columns: {Pop-Count: integer}\n", "invalid tables.population.columns.Pop-Count"),
        List.of(POPULATION + "    columns: {email: string}\n",
            "tables.population.columns.email: email is a personal-data name"),
        List.of(POPULATION + "    columns: {contact: {from: E-Mail, type: string}}\n",
            "tables.population.columns.contact.from: E-Mail is a personal-data column"),
        List.of(POPULATION + "    columns: {code: {from: LSOA, type: string}}\n",
            "tables.population.columns.code: file column LSOA is already read as tables.population.key"),
        List.of(POPULATION + "    columns: {pop: {type: integer, units: persons}}\n",
            "tables.population.columns.pop.units: unknown key"),
        List.of(POPULATION + "    formats: {pop: yyyy}\n    columns: {pop: integer}\n",
            "tables.population.formats.pop: not a date or timestamp column"),
        List.of(POPULATION + "    values: {area: {a: b}}\n",
            "tables.population.values: area is not a column of population (columns: neighbourhood_id)"),
        List.of(POPULATION + "    study_window: {from: 2020-01-01}\n", "tables.population.study_window: unknown key"),
        List.of(POPULATION + "    thousands_separator: \".\"\n", "invalid tables.population.thousands_separator"),
        List.of(POPULATION + "    fill_absent: none\n    columns: {pop: integer}\n",
            "tables.population.fill_absent: expected a number"),
        List.of(POPULATION + "    fill_absent: 0\n    columns: {nation: string}\n",
            "tables.population.fill_absent: the table has no integer or double column to fill"));
    for (List<String> c : cases) {
      assertThatThrownBy(() -> parse(c.get(0))).as(c.get(0)).isInstanceOf(SpecException.class)
          .hasMessageStartingWith(c.get(1)).message().doesNotContain("\n");
    }
  }
}
