package org.coprod.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.coprod.hadoop.ForklessLocalFileSystem;

/**
 * Builds the session. Under spark-submit (jobs/coprod and jobs/submit both use it) the
 * master and every setting come from spark-submit; run directly from a JVM without a master,
 * coprod falls back to {@code local[*]}. In local mode, {@code file:} paths go through
 * {@link ForklessLocalFileSystem} unless the configuration names another file system.
 */
final class SparkSessions {

  private SparkSessions() {}

  static SparkSession getOrCreate() {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("coprod");
    if (!conf.contains("spark.master")) {
      builder.master("local[*]");
    }
    if (!conf.contains("spark.sql.session.timeZone")) {
      builder.config("spark.sql.session.timeZone", "UTC");
    }
    ForklessLocalFileSystem.inLocalMode(builder, conf.get("spark.master", "local[*]"));
    return builder.getOrCreate();
  }
}
