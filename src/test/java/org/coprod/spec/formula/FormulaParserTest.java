package org.coprod.spec.formula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Responses, random terms, number formatting and parse errors. Names are in FormulaNamesTest. */
class FormulaParserTest {

  @Test
  void columnResponseAndFixedPart() {
    Formula formula = Formula.parse("coprod_ict ~ age10 + gender + age10:nbh_broadband + (1 | neighbourhood_id)");
    assertThat(formula.response()).isEqualTo(new Response.Column("coprod_ict"));
    assertThat(formula.intercept()).isTrue();
    assertThat(formula.termLabels()).containsExactly("age10", "gender", "age10:nbh_broadband");
    assertThat(formula.isMultilevel()).isTrue();
    RandomTerm random = formula.randomTerms().get(0);
    assertThat(random.isRandomIntercept()).isTrue();
    assertThat(random.grouping()).containsExactly("neighbourhood_id");
    assertThat(random.label()).isEqualTo("(1 | neighbourhood_id)");
  }

  @Test
  void cbindResponseKeepsBothExpressions() {
    Formula formula = Formula.parse("cbind(k, n - k) ~ x");
    Response.Binomial response = (Response.Binomial) formula.response();
    assertThat(response.label()).isEqualTo("cbind(k, n - k)");
    assertThat(response.successes().deparse()).isEqualTo("k");
    assertThat(response.failures().deparse()).isEqualTo("n - k");
  }

  @Test
  void nestedGroupingExpandsOuterFirst() {
    List<RandomTerm> random = Formula.parse("y ~ x + (1 | a/b/c)").randomTerms();
    assertThat(random).extracting(RandomTerm::groupingLabel).containsExactly("a", "a:b", "a:b:c");
    assertThat(random).allMatch(RandomTerm::isRandomIntercept);
  }

  @Test
  void slopesAndUncorrelatedTermsParseButAreNotRandomIntercepts() {
    List<RandomTerm> random = Formula.parse("y ~ x + (x | g) + (0 + x | h) + (1 || k) + (1 | a:b)").randomTerms();
    assertThat(random).extracting(RandomTerm::label).containsExactly("(x | g)", "(0 + x | h)", "(1 || k)", "(1 | a:b)");
    assertThat(random).extracting(RandomTerm::isRandomIntercept).containsExactly(false, false, true, true);
    assertThat(random.get(3).grouping()).containsExactly("a", "b");
  }

  @Test
  void variablesKnowTheirKindAndColumns() {
    Formula formula = Formula.parse("y ~ age + factor(period) + I(x / z) + log(w)");
    assertThat(formula.variables()).extracting(Variable::kind)
        .containsExactly(Variable.Kind.COLUMN, Variable.Kind.FACTOR, Variable.Kind.NUMERIC, Variable.Kind.NUMERIC);
    assertThat(formula.variables().get(2).sourceColumns()).containsExactly("x", "z");
    assertThat(formula.variables().get(1).factorArgument().deparse()).isEqualTo("period");
  }

  @Test
  void backquotedNamesKeepRBackquotesInLabels() {
    Formula formula = Formula.parse("y ~ `trust local` + x");
    assertThat(formula.termLabels()).containsExactly("`trust local`", "x");
    assertThat(formula.variables().get(0).column()).isEqualTo("trust local");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2|2", "0.5|0.5", "1000000|1e+06", "100000|1e+05", "123456|123456", "0.0001|1e-04", "0.001|0.001",
        "-1.5|-1.5", "0.1|0.1", "1e-15|1e-15", "3.14159265358979|3.14159265358979", "1e+100|1e+100", "12345678|12345678"
      })
  void numbersFormatAsR(double value, String expected) {
    assertThat(RNumbers.format(value)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '"',
      value = {
        "y ~ x +  => unexpected end of formula",
        "y ~ x + (1 | g => '(' at column 9 is never closed",
        "~ x => has no response",
        "y ~ x + 2 => invalid term 2",
        "y ~ foo(x) => unsupported function foo() in term foo(x)",
        "y ~ I(x %% 2) => unsupported expression x%%2",
        "y ~ x:(1 | g) => random term (1 | g) must be added with + at the top level",
        "y ~ x + 1 | g => random term x + 1 | g must be in parentheses",
        "y ~ (x + z)^k => invalid power in (x + z)^k",
        "log(y) ~ x => unsupported response log(y)",
        "cbind(k) ~ x => cbind() response needs two arguments",
        "y ~ x + (1 | log(g)) => unsupported grouping factor log(g)",
        "y ~ x $ z => unexpected character '$'",
        "y ~ -x => unsupported term -x",
        "y ~ x + (0 | g) => has neither an intercept nor a slope",
        "y ~ . => '.' (all other columns) is not supported",
        "y ~ I(x > 1 > 2) => unsupported expression x > 1",
        "y ~ I(x = 1) => unexpected character '='",
      })
  void errorsNameTheOffendingTokenOrTerm(String formula, String message) {
    assertThatThrownBy(() -> Formula.parse(formula)).isInstanceOf(FormulaException.class).hasMessageContaining(message);
  }

  @Test
  void formulaPackageStaysFreeOfSpark() throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java/org/coprod/spec/formula"))) {
      List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
          .flatMap(p -> {
            try {
              return java.nio.file.Files.readAllLines(p).stream().filter(l -> l.matches("import (static )?(org\\.apache|scala)\\..*"));
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .toList();
      assertThat(offenders).isEmpty();
    }
  }

  @Test
  void errorsCarryTheColumn() {
    assertThatThrownBy(() -> Formula.parse("y ~ x + foo(z)"))
        .isInstanceOf(FormulaException.class)
        .hasMessage("unsupported function foo() in term foo(z) (supported: I, factor, abs, exp, log, log1p, sqrt) (at column 9)")
        .extracting(e -> ((FormulaException) e).column())
        .isEqualTo(9);
  }
}
