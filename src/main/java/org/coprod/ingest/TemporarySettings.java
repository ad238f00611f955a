package org.coprod.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * Session settings that ingest chooses for one piece of work only: each is set for the work,
 * unless the session sets it itself (then the session's value stands), and unset afterwards. A
 * setting Spark reads when it plans (a write, a cache, a scan's splits) has to be in place while
 * the work is planned; the callers say which.
 */
final class TemporarySettings {

  private TemporarySettings() {}

  /** Runs {@code work} with {@code settings} in place where the session does not set them. */
  static <T> T with(SparkSession spark, Map<String, String> settings, Supplier<T> work) {
    RuntimeConfig conf = spark.conf();
    List<String> chosen = new ArrayList<>();
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      if (!conf.contains(setting.getKey())) {
        conf.set(setting.getKey(), setting.getValue());
        chosen.add(setting.getKey());
      }
    }
    try {
      return work.get();
    } finally {
      chosen.forEach(conf::unset);
    }
  }

  /** {@link #with} for work that returns nothing. */
  static void run(SparkSession spark, Map<String, String> settings, Runnable work) {
    with(spark, settings, () -> {
      work.run();
      return null;
    });
  }
}
