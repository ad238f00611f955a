package org.coprod.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.coprod.output.OutputContract;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * notebooks/factor_effects.ipynb is valid nbformat 4 saved without outputs, and reads only
 * tables and columns that the output schemas have: the tables and columns declared in its
 * {@code COLUMNS} dict, and every column it names in code (subscripts, column lists,
 * groupby/sort_values). Where jupyter, pandas, pyarrow and matplotlib are installed it is also
 * executed end to end on a hand-made run; elsewhere that part is skipped.
 */
@SparkTest
class NotebookTest {

  private static final Path NOTEBOOK = Path.of("notebooks/factor_effects.ipynb");

  @Test
  void isNbformat4WithOutputsCleared() throws Exception {
    JsonNode notebook = new ObjectMapper().readTree(NOTEBOOK.toFile());
    assertThat(notebook.path("nbformat").asInt()).isEqualTo(4);
    assertThat(notebook.has("nbformat_minor")).isTrue();
    assertThat(notebook.path("metadata").isObject()).isTrue();
    assertThat(notebook.path("cells").isArray()).isTrue();
    assertThat(notebook.path("cells").size()).isGreaterThan(5);
    for (JsonNode cell : notebook.path("cells")) {
      assertThat(cell.path("cell_type").asText()).isIn("markdown", "code", "raw");
      assertThat(cell.path("metadata").isObject()).isTrue();
      assertThat(cell.path("source").isArray() || cell.path("source").isTextual()).isTrue();
      if (cell.path("cell_type").asText().equals("code")) {
        assertThat(cell.path("outputs").isArray()).isTrue();
        assertThat(cell.path("outputs").size()).as("outputs cleared").isZero();
        assertThat(cell.has("execution_count")).isTrue();
        assertThat(cell.path("execution_count").isNull()).as("execution_count null").isTrue();
      }
    }
  }

  @Test
  void readsOnlyTablesAndColumnsOfTheOutputSchemas() throws Exception {
    String code = code();
    Map<String, List<String>> declared = declaredColumns(code);
    Map<String, StructType> schemas = OutputContract.schemas();
    assertThat(declared).isNotEmpty();
    Set<String> allDeclared = new LinkedHashSet<>();
    declared.forEach((table, columns) -> {
      assertThat(schemas).as("table " + table).containsKey(table);
      assertThat(List.of(schemas.get(table).fieldNames())).as("columns of " + table).containsAll(columns);
      allDeclared.addAll(columns);
    });

    Set<String> tablesRead = matches(code, Pattern.compile("read_table\\(\\s*[\"'](\\w+)[\"']\\s*\\)"));
    assertThat(tablesRead).isNotEmpty();
    assertThat(declared.keySet()).containsAll(tablesRead);

    Set<String> columnsUsed = new LinkedHashSet<>();
    columnsUsed.addAll(matches(code, Pattern.compile("\\[\\s*[\"'](\\w+)[\"']\\s*\\]")));
    for (String list : matches(code, Pattern.compile("\\[\\[([^\\]]+)\\]\\]|groupby\\(\\[([^\\]]+)\\]|sort_values\\(([^)]+)\\)"))) {
      columnsUsed.addAll(matches(list, Pattern.compile("[\"'](\\w+)[\"']")));
    }
    assertThat(columnsUsed).hasSizeGreaterThan(10);
    assertThat(allDeclared).as("columns named in the notebook's code").containsAll(columnsUsed);
  }

  @Test
  void runsEndToEndWherePythonHasTheLibraries(SparkSession spark, @TempDir Path temp) throws Exception {
    assumeTrue(onPath("jupyter"), "jupyter is not installed");
    assumeTrue(exitCode(List.of("python3", "-c", "import pandas, pyarrow, nbformat, matplotlib"), Map.of()) == 0,
        "python3 lacks pandas, pyarrow, nbformat or matplotlib");
    String out = ReportFixtures.writeRun(spark, temp.resolve("out"));
    Map<String, String> environment = Map.of("COPROD_OUT", out.replaceFirst("^file:", ""), "MPLBACKEND", "Agg");
    int code = exitCode(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=300",
        "--output-dir", temp.toString(), "--output", "executed.ipynb", NOTEBOOK.toString()), environment);
    assertThat(code).isZero();
    JsonNode executed = new ObjectMapper().readTree(temp.resolve("executed.ipynb").toFile());
    for (JsonNode cell : executed.path("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        assertThat(output.path("output_type").asText()).isNotEqualTo("error");
      }
    }
  }

  private static String code() throws Exception {
    JsonNode notebook = new ObjectMapper().readTree(NOTEBOOK.toFile());
    StringBuilder code = new StringBuilder();
    for (JsonNode cell : notebook.path("cells")) {
      if (cell.path("cell_type").asText().equals("code")) {
        if (cell.path("source").isArray()) {
          cell.path("source").forEach(line -> code.append(line.asText()));
        } else {
          code.append(cell.path("source").asText());
        }
        code.append('\n');
      }
    }
    return code.toString();
  }

  /** The {@code COLUMNS = {"table": ["col", ...], ...}} dict of the first code cell. */
  private static Map<String, List<String>> declaredColumns(String code) {
    Matcher block = Pattern.compile("COLUMNS\\s*=\\s*\\{(.*?)\\n\\}", Pattern.DOTALL).matcher(code);
    assertThat(block.find()).as("a COLUMNS dict").isTrue();
    Map<String, List<String>> declared = new LinkedHashMap<>();
    Matcher entry = Pattern.compile("[\"'](\\w+)[\"']\\s*:\\s*\\[([^\\]]*)\\]", Pattern.DOTALL).matcher(block.group(1));
    while (entry.find()) {
      declared.put(entry.group(1), new ArrayList<>(matches(entry.group(2), Pattern.compile("[\"'](\\w+)[\"']"))));
    }
    return declared;
  }

  /** The first non-null group of every match. */
  private static Set<String> matches(String text, Pattern pattern) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      for (int g = 1; g <= m.groupCount(); g++) {
        if (m.group(g) != null) {
          found.add(m.group(g));
          break;
        }
      }
    }
    return found;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static int exitCode(List<String> command, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Path log = Files.createTempFile("coprod-notebook", ".log");
    Process process = builder.redirectOutput(log.toFile()).start();
    if (!process.waitFor(600, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    if (process.exitValue() != 0) {
      System.err.println(Files.readString(log, StandardCharsets.UTF_8));
    }
    return process.exitValue();
  }
}
