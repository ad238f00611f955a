package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Fits the golden cases of {@code src/test/resources/golden/<case>/} and compares with
 * lme4::glmer 1.1-31 on R 4.2.2 (the script that made each case is {@code make.R} next to
 * it; R is not needed to run this test). Tolerances as agreed: beta and sigma 1e-4 absolute,
 * fixed-effect standard errors 1e-3 relative, full log-likelihood 1e-3 absolute; lme4's
 * nAGQ &gt; 1 log-likelihood is relative to the saturated model, so the comparison uses
 * {@code loglik.full} = reported + saturated log-likelihood (both in the expected file).
 */
class GlmmGoldenTest {

  @ParameterizedTest(name = "{0} nAGQ={1} {2}")
  @CsvSource({
    "cbpp, 1, NEWTON", "cbpp, 5, NEWTON", "cbpp, 9, NEWTON", "cbpp, 25, NEWTON",
    "sim10, 1, NEWTON", "sim10, 7, NEWTON", "sim100, 1, NEWTON", "sim100, 7, NEWTON", "sim1000, 1, NEWTON", "sim1000, 7, NEWTON",
    "cbpp, 1, BFGS", "cbpp, 9, BFGS", "sim10, 7, BFGS", "sim100, 1, BFGS", "sim1000, 7, BFGS"
  })
  void matchesGlmer(String name, int nAGQ, RandomInterceptLogitFitter.Optimizer optimizer) {
    List<GroupBlock> blocks = blocks(name);
    Properties expected = properties(name + "/expected_nagq" + nAGQ + ".properties");
    int p = blocks.get(0).columns();
    double[] rBeta = new double[p];
    double[] rSe = new double[p];
    for (int j = 0; j < p; j++) {
      rBeta[j] = number(expected, "beta." + j);
      rSe[j] = number(expected, "se." + j);
    }
    double rSigma = number(expected, "sigma");
    double rLogLik = number(expected, "loglik.full");

    LocalGroupedLikelihood likelihood = new LocalGroupedLikelihood(blocks);
    // The likelihood itself, at R's estimates, independent of either optimiser.
    double atR = likelihood.evaluate(rBeta, Math.log(rSigma), nAGQ, false).logLik();
    assertThat(atR).as("log-lik at R's estimates").isCloseTo(rLogLik, within(1e-6));

    RandomInterceptFit fit = new RandomInterceptLogitFitter(nAGQ, 100, optimizer).fit(likelihood);
    assertThat(fit.status()).as(fit.message()).isEqualTo(FitStatus.CONVERGED);
    double[] beta = fit.beta();
    double[] se = fit.standardErrors();
    double maxBeta = 0;
    double maxSe = 0;
    for (int j = 0; j < p; j++) {
      maxBeta = Math.max(maxBeta, Math.abs(beta[j] - rBeta[j]));
      maxSe = Math.max(maxSe, Math.abs(se[j] / rSe[j] - 1));
    }
    double sigmaError = Math.abs(fit.sigma() - rSigma);
    double logLikError = Math.abs(fit.logLik() - rLogLik);
    System.out.printf(
        "golden %-8s nAGQ=%2d %-6s max|beta-R|=%.2e  |sigma-R|=%.2e  max rel SE err=%.2e  |loglik-R|=%.2e  at-R loglik err=%.2e  iterations=%d passes=%d%n",
        name, nAGQ, optimizer, maxBeta, sigmaError, maxSe, logLikError, Math.abs(atR - rLogLik), fit.iterations(), fit.evaluations());
    assertThat(maxBeta).as("max |beta - R|").isLessThan(1e-4);
    assertThat(sigmaError).as("|sigma - R|").isLessThan(1e-4);
    assertThat(maxSe).as("max relative SE error").isLessThan(1e-3);
    assertThat(logLikError).as("|loglik - R|").isLessThan(1e-3);
    assertThat(fit.logLik()).as("our optimum is at least as high as R's").isGreaterThanOrEqualTo(atR - 1e-9);

    // Conditional modes and sds (ranef(condVar = TRUE)) at our optimum vs R's at its own.
    Map<String, double[]> modes = modes(name + "/modes_nagq" + nAGQ + ".csv");
    double maxMode = 0;
    for (GroupBlock block : blocks) {
      ConditionalMode mode = ConditionalMode.of(block, beta, fit.sigma());
      double[] r = modes.get(block.groupId());
      maxMode = Math.max(maxMode, Math.max(Math.abs(mode.mode() - r[0]), Math.abs(mode.conditionalSd() - r[1])));
    }
    System.out.printf("golden %-8s nAGQ=%2d %-6s max conditional mode/sd error=%.2e%n", name, nAGQ, optimizer, maxMode);
    assertThat(maxMode).as("max conditional mode/sd error").isLessThan(1e-4);
  }

  @ParameterizedTest(name = "singular nAGQ={0} {1}")
  @CsvSource({"1, NEWTON", "7, NEWTON", "1, BFGS", "7, BFGS"})
  void reportsSingularFitOnDataSimulatedWithoutGroupEffect(int nAGQ, RandomInterceptLogitFitter.Optimizer optimizer) {
    List<GroupBlock> blocks = blocks("singular");
    Properties expected = properties("singular/expected_nagq" + nAGQ + ".properties");
    Properties pooled = properties("singular/expected_pooled.properties");
    assertThat(expected.getProperty("singular")).isEqualTo("TRUE");
    RandomInterceptFit fit = new RandomInterceptLogitFitter(nAGQ, 100, optimizer).fit(new LocalGroupedLikelihood(blocks));
    assertThat(fit.status()).as(fit.message()).isEqualTo(FitStatus.SINGULAR_FIT);
    System.out.printf("golden singular nAGQ=%d %s: %s, passes=%d%n", nAGQ, optimizer, fit.message(), fit.evaluations());
    assertThat(fit.sigma()).isZero();
    assertThat(fit.singular()).isTrue();
    assertThat(fit.fitted()).isTrue();
    for (int j = 0; j < 2; j++) {
      // glm stops at a relative deviance change of 1e-8, so its own beta is good to ~1e-7.
      assertThat(fit.beta()[j]).isCloseTo(number(pooled, "pooled.beta." + j), within(1e-6));
      assertThat(fit.beta()[j]).isCloseTo(number(expected, "beta." + j), within(1e-4));
    }
    assertThat(fit.logLik()).isCloseTo(number(pooled, "pooled.loglik"), within(1e-8));
    assertThat(fit.logLik()).isCloseTo(number(expected, "loglik.full"), within(1e-3));
  }

  @Test
  void everyExpectedFileRecordsTheRAndLme4Versions() {
    for (String name : List.of("cbpp/expected_nagq1", "cbpp/expected_nagq9", "sim1000/expected_nagq7")) {
      Properties expected = properties(name + ".properties");
      assertThat(expected.getProperty("r.version")).startsWith("R version 4.2");
      assertThat(expected.getProperty("lme4.version")).isEqualTo("1.1.31");
    }
  }

  static List<GroupBlock> blocks(String name) {
    List<String> lines = lines(name + "/data.csv");
    int columns = lines.get(0).split(",").length - 4;
    Map<String, List<double[]>> groups = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      double[] row = new double[f.length - 1];
      for (int i = 1; i < f.length; i++) {
        row[i - 1] = Double.parseDouble(f[i]);
      }
      groups.computeIfAbsent(unquote(f[0]), k -> new ArrayList<>()).add(row);
    }
    List<GroupBlock> blocks = new ArrayList<>();
    groups.forEach((id, rows) -> {
      int n = rows.size();
      double[] x = new double[n * columns];
      double[] s = new double[n];
      double[] t = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        double[] r = rows.get(i);
        s[i] = r[0];
        t[i] = r[1];
        w[i] = r[2];
        System.arraycopy(r, 3, x, i * columns, columns);
      }
      blocks.add(new GroupBlock(id, n, columns, x, s, t, w));
    });
    return blocks;
  }

  private static Map<String, double[]> modes(String resource) {
    Map<String, double[]> modes = new LinkedHashMap<>();
    List<String> lines = lines(resource);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      modes.put(unquote(f[0]), new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2])});
    }
    return modes;
  }

  private static String unquote(String s) {
    return s.startsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  static Properties properties(String resource) {
    Properties properties = new Properties();
    try (InputStream in = open(resource)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }

  private static double number(Properties properties, String key) {
    String value = properties.getProperty(key);
    assertThat(value).as("key %s", key).isNotNull();
    return Double.parseDouble(value);
  }

  private static List<String> lines(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = GlmmGoldenTest.class.getResourceAsStream("/golden/" + resource);
    if (in == null) {
      throw new IllegalStateException("missing golden resource " + resource);
    }
    return in;
  }
}
