package org.coprod.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GaussHermiteRuleTest {

  /** E[Z^k] for Z ~ N(0,1): 0 for odd k, (k-1)!! for even k. */
  private static double normalMoment(int k) {
    if (k % 2 == 1) {
      return 0;
    }
    double m = 1;
    for (int j = k - 1; j > 1; j -= 2) {
      m *= j;
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7, 9, 12, 16, 20, 25})
  void integratesMonomialsExactlyUpToDegree2KMinus1(int points) {
    GaussHermiteRule rule = GaussHermiteRule.of(points);
    for (int k = 0; k <= 2 * points - 1; k++) {
      double sum = 0;
      double scale = 0; // sum of |terms|: odd moments cancel, so round-off scales with this
      for (int i = 0; i < points; i++) {
        double term = rule.weight(i) * Math.pow(rule.node(i), k);
        sum += term;
        scale += Math.abs(term);
      }
      double exact = normalMoment(k);
      assertThat(sum).as("E[Z^%d] with K=%d", k, points).isCloseTo(exact, within(1e-12 * Math.max(1, scale)));
    }
  }

  @Test
  void oneNodeIsLaplaceAndOddRulesHaveAnExactZeroNode() {
    assertThat(GaussHermiteRule.of(1).node(0)).isEqualTo(0.0);
    assertThat(GaussHermiteRule.of(1).weight(0)).isEqualTo(1.0);
    assertThat(GaussHermiteRule.of(7).node(3)).isEqualTo(0.0);
  }

  @Test
  void matchesLmeGhRuleForThreePoints() {
    // R: lme4::GHrule(3) -> z = -1.732051, 0, 1.732051; w = 1/6, 2/3, 1/6
    GaussHermiteRule rule = GaussHermiteRule.of(3);
    assertThat(rule.node(0)).isCloseTo(-Math.sqrt(3), within(1e-14));
    assertThat(rule.weight(0)).isCloseTo(1.0 / 6, within(1e-14));
    assertThat(rule.weight(1)).isCloseTo(2.0 / 3, within(1e-14));
  }

  @Test
  void rejectsOutOfRangeNumberOfPoints() {
    assertThatThrownBy(() -> GaussHermiteRule.of(0)).hasMessageContaining("invalid nAGQ: 0 (must be 1..25)");
    assertThatThrownBy(() -> GaussHermiteRule.of(26)).hasMessageContaining("invalid nAGQ: 26");
  }
}
