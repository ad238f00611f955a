package org.coprod.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.coprod.features.Centring;
import org.coprod.features.FeatureOptions;
import org.junit.jupiter.api.Test;

/** The {@code features:} section: every key, every default, every rejected value names its key. */
class FeaturesSpecReaderTest {

  private static final String HEAD = "name: t\noutput: out\n";

  private static FeatureOptions parse(String features) {
    return JobSpecReader.parse(HEAD + features, Path.of("/tmp")).features();
  }

  @Test
  void defaultsWhenTheSectionIsAbsent() {
    FeatureOptions options = parse("");
    assertThat(options).isEqualTo(FeatureOptions.defaults());
    assertThat(options.windowDays()).isEqualTo(365);
    assertThat(options.centring()).isEmpty();
    assertThat(options.missingIndicators()).isEmpty();
  }

  @Test
  void readsEveryKey() {
    FeatureOptions options = parse("""
        features:
          window_days: 180
          centring: {age10: grand, trust_local: {group: neighbourhood_id}, tech_anxiety: none, nbh_broadband_coverage: {group: municipality_id}}
          missing_indicators: [income_band, trust_national]
        """);
    assertThat(options.windowDays()).isEqualTo(180);
    assertThat(options.centring()).isEqualTo(Map.of(
        "age10", Centring.GRAND,
        "trust_local", Centring.group("neighbourhood_id"),
        "tech_anxiety", Centring.NONE,
        "nbh_broadband_coverage", Centring.group("municipality_id")));
    assertThat(options.missingIndicators()).isEqualTo(List.of("income_band", "trust_national"));
  }

  @Test
  void rejectsWithTheKeyNamed() {
    assertThatThrownBy(() -> parse("features: {window: 3}\n")).isInstanceOf(SpecException.class)
        .hasMessageStartingWith("features.window: unknown key");
    assertThatThrownBy(() -> parse("features: {window_days: 0}\n")).hasMessage("invalid features.window_days: 0 (must be 1..3660)");
    assertThatThrownBy(() -> parse("features: {window_days: year}\n")).hasMessageStartingWith("features.window_days: expected an integer");
    assertThatThrownBy(() -> parse("features: {centring: {age: grand}}\n"))
        .hasMessageStartingWith("features.centring.age: not a numeric feature of the citizens table");
    assertThatThrownBy(() -> parse("features: {centring: {gender: grand}}\n"))
        .hasMessageStartingWith("features.centring.gender: not a numeric feature");
    assertThatThrownBy(() -> parse("features: {centring: {age10: mean}}\n"))
        .hasMessageStartingWith("invalid features.centring.age10: mean (allowed: none, grand, {group:");
    assertThatThrownBy(() -> parse("features: {centring: {age10: group}}\n"))
        .hasMessageStartingWith("features.centring.age10: group centring needs its group");
    assertThatThrownBy(() -> parse("features: {centring: {age10: {group: wave}}}\n"))
        .hasMessage("invalid features.centring.age10.group: wave (allowed: neighbourhood_id, municipality_id)");
    assertThatThrownBy(() -> parse("features: {centring: {age10: {group: neighbourhood_id, by: x}}}\n"))
        .hasMessageStartingWith("features.centring.age10.by: unknown key");
    assertThatThrownBy(() -> parse("features: {centring: [age10]}\n"))
        .hasMessageStartingWith("features.centring: expected a mapping");
    assertThatThrownBy(() -> parse("features: {missing_indicators: [income]}\n"))
        .hasMessageStartingWith("features.missing_indicators: unknown survey feature income (allowed: age10, gender");
    assertThatThrownBy(() -> parse("features: {missing_indicators: [usage_events]}\n"))
        .hasMessageStartingWith("features.missing_indicators: unknown survey feature usage_events");
    assertThatThrownBy(() -> parse("features: {missing_indicators: income_band}\n"))
        .hasMessageStartingWith("features.missing_indicators: expected a list");
    assertThatThrownBy(() -> parse("features: 365\n")).hasMessageStartingWith("features: expected a mapping");
  }

  @Test
  void optionsValidateProgrammaticUseToo() {
    assertThatThrownBy(() -> FeatureOptions.defaults().withCentring("gender", Centring.GRAND))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cannot centre gender");
    assertThatThrownBy(() -> FeatureOptions.defaults().withCentring("age10", Centring.group("wave")))
        .hasMessageStartingWith("cannot centre age10 within wave");
    assertThatThrownBy(() -> FeatureOptions.defaults().withWindowDays(0)).hasMessageStartingWith("invalid window_days: 0");
    assertThatThrownBy(() -> FeatureOptions.defaults().withMissingIndicator("nbh_urban"))
        .hasMessageStartingWith("missing indicator for nbh_urban");
  }
}
