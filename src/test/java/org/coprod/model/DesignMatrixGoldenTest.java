package org.coprod.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.spec.formula.Formula;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The design matrix equals R's: golden/design_matrix/case_NN.csv hold, for each line of
 * cases.txt, the rows that glm/glmer use (model.frame with na.omit and
 * drop.unused.levels = TRUE) with y, trials, weight, {@code model.matrix} and the grouping
 * factors, written by make_golden.R (R 4.2.2, lme4 1.1.31). data.csv is read here without a
 * schema, so every column arrives as text, as from a user's CSV. The design matrix has no row
 * identifier, so rows are compared as sorted multisets, values to 9 significant digits.
 */
@SparkTest
class DesignMatrixGoldenTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/design_matrix");
  private static Dataset<Row> data;

  @BeforeAll
  static void readData(SparkSession spark) {
    data = spark.read().option("header", "true").csv(GOLDEN.resolve("data.csv").toString());
  }

  static Stream<String> cases() throws IOException {
    List<String> lines = Files.readAllLines(GOLDEN.resolve("cases.txt"));
    return IntStream.range(0, lines.size()).mapToObj(i -> String.format(Locale.ROOT, "%02d %s", i + 1, lines.get(i)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesRModelMatrix(String testCase) throws IOException {
    String number = testCase.substring(0, 2);
    String[] parts = testCase.substring(3).split(" @ ");
    DesignMatrixOptions options = DesignMatrixOptions.defaults();
    if (parts.length > 1) {
      options = options.withWeightColumn(parts[1]);
    }
    DesignMatrix design = DesignMatrixBuilder.build(data, Formula.parse(parts[0]), options);

    List<String> expected = Files.readAllLines(GOLDEN.resolve("case_" + number + ".csv"));
    List<String> header = Arrays.asList(expected.get(0).split(","));
    int groups = design.groupingFactors().size();
    assertThat(design.columnNames()).containsExactlyElementsOf(header.subList(3, header.size() - groups));
    assertThat(design.rows().columns()).containsExactlyElementsOf(expectedColumns(groups));
    // glm keeps cbind(0, 0) rows with prior weight 0 (no information); coprod drops them as
    // zero_trials, which leaves the fit unchanged.
    List<String> kept = expected.subList(1, expected.size()).stream().filter(line -> !line.split(",")[1].equals("0")).toList();
    long zeroTrials = expected.size() - 1 - kept.size();
    assertThat(design.counts().rowsRead()).isEqualTo(60);
    assertThat(design.counts().rowsKept()).isEqualTo(kept.size());
    assertThat(design.counts().invalidByReason().getOrDefault(InvalidRowReason.ZERO_TRIALS, 0L)).isEqualTo(zeroTrials);

    List<String> actualRows = new ArrayList<>();
    for (Row row : design.rows().collectAsList()) {
      List<String> fields = new ArrayList<>();
      fields.add(number(row.getDouble(0)));
      fields.add(number(row.getDouble(1)));
      fields.add(number(row.getDouble(2)));
      row.<Double>getList(3).forEach(v -> fields.add(number(v)));
      for (int g = 0; g < groups; g++) {
        fields.add(row.getString(4 + g));
      }
      actualRows.add(String.join(",", fields));
    }
    List<String> expectedRows = new ArrayList<>();
    for (String line : kept) {
      String[] fields = line.split(",", -1);
      for (int i = 0; i < fields.length - groups; i++) {
        fields[i] = number(Double.parseDouble(fields[i]));
      }
      expectedRows.add(String.join(",", fields));
    }
    actualRows.sort(null);
    expectedRows.sort(null);
    assertThat(actualRows).containsExactlyElementsOf(expectedRows);
  }

  private static List<String> expectedColumns(int groups) {
    List<String> columns = new ArrayList<>(List.of("y", "trials", "weight", "x"));
    for (int g = 0; g < groups; g++) {
      columns.add("g" + g);
    }
    return columns;
  }

  private static String number(double value) {
    return value == 0 ? "0" : String.format(Locale.ROOT, "%.9g", value);
  }
}
