package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/** Settings ingest chooses hold for the work only, and never replace the session's own. */
@SparkTest
class TemporarySettingsTest {

  private static final String A = "spark.coprod.test.settingA";
  private static final String B = "spark.coprod.test.settingB";

  @Test
  void aSettingIsInPlaceForTheWorkOnlyAndTheSessionsOwnStands(SparkSession spark) {
    spark.conf().set(B, "session");
    try {
      String seen = TemporarySettings.with(spark, Map.of(A, "chosen", B, "chosen"),
          () -> spark.conf().get(A) + "/" + spark.conf().get(B));
      assertThat(seen).isEqualTo("chosen/session");
      assertThat(spark.conf().contains(A)).isFalse();
      assertThat(spark.conf().get(B)).isEqualTo("session");
    } finally {
      spark.conf().unset(B);
    }
  }

  @Test
  void aSettingIsUnsetWhenTheWorkFails(SparkSession spark) {
    assertThatThrownBy(() -> TemporarySettings.run(spark, Map.of(A, "chosen"), () -> {
      throw new IllegalStateException("failed with " + spark.conf().get(A));
    })).hasMessage("failed with chosen");
    assertThat(spark.conf().contains(A)).isFalse();
  }
}
