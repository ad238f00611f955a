package org.coprod.spec.formula;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Term labels and model-matrix column names against R: golden/formula_names/names.tsv was
 * written by make_golden.R (R 4.2.2, lme4 1.1.31) as {@code attr(terms(f), "term.labels")}
 * and {@code colnames(model.matrix(f, d))}. The factor levels below are those of the R
 * fixture data frame, sorted in the C locale; every comparison in the fixture is sometimes TRUE and sometimes FALSE.
 */
class FormulaNamesTest {

  private static final Map<String, List<String>> FIXTURE_LEVELS =
      Map.of(
          "gender", List.of("female", "male"),
          "urban", List.of("N", "Y"),
          "edu", List.of("high", "low", "mid"),
          "factor(period)", List.of("1", "2", "3"),
          "flag", List.of("FALSE", "TRUE"),
          "a", List.of("A1", "A2"),
          "b", List.of("B1", "B2", "B3"));

  record Golden(String formula, List<String> termLabels, List<String> columns) {
    @Override
    public String toString() {
      return formula;
    }
  }

  static Stream<Golden> golden() throws IOException {
    try (InputStream in = FormulaNamesTest.class.getResourceAsStream("/golden/formula_names/names.tsv")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines()
          .filter(line -> !line.startsWith("#") && !line.isBlank())
          .map(
              line -> {
                String[] fields = line.split("\t", -1);
                List<String> terms = fields[1].isEmpty() ? List.of() : Arrays.asList(fields[1].split("\\|"));
                return new Golden(fields[0], terms, Arrays.asList(fields).subList(2, fields.length));
              })
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void termLabelsMatchR(Golden golden) {
    assertThat(Formula.parse(golden.formula()).termLabels()).containsExactlyElementsOf(golden.termLabels());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void columnNamesMatchR(Golden golden) {
    Formula formula = Formula.parse(golden.formula());
    Map<String, List<String>> levels = new java.util.HashMap<>();
    formula.variables().forEach(v -> {
      if (FIXTURE_LEVELS.containsKey(v.label())) {
        levels.put(v.label(), FIXTURE_LEVELS.get(v.label()));
      } else if (v.kind() == Variable.Kind.LOGICAL) {
        levels.put(v.label(), List.of("FALSE", "TRUE"));
      }
    });
    List<String> names = ModelMatrixLayout.columns(formula, levels).stream().map(ModelColumn::name).toList();
    assertThat(names).containsExactlyElementsOf(golden.columns());
  }
}
