package org.coprod.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.coprod.hadoop.ForklessLocalFileSystem;

/**
 * Builds the session. Under spark-submit (jobs/coprod and jobs/submit both use it) the
 * master and every setting come from spark-submit; run directly from a JVM without a master,
 * coprod falls back to {@code local[*]}. In local mode, {@code file:} paths go through
 * {@link ForklessLocalFileSystem} unless the configuration names another file system, and in
 * every mode queries reuse the classes earlier ones compiled ({@link #reuseCompiledClasses}).
 */
public final class SparkSessions {

  /** Spark's setting: how many compiled generated classes it keeps (Spark's default is 100). */
  static final String COMPILED_CLASS_CACHE = "spark.sql.codegen.cache.maxEntries";
  static final String COMPILED_CLASS_CACHE_ENTRIES = "1000";
  /** Spark's setting: whether each session gets class loaders of its own for its artifacts. */
  static final String ARTIFACT_ISOLATION = "spark.sql.artifact.isolation.enabled";

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
    return reuseCompiledClasses(builder, conf).getOrCreate();
  }

  /**
   * Lets a query reuse the classes Spark generated and compiled for an earlier one, where the
   * given configuration does not say otherwise.
   *
   * <p>Why: Spark keeps compiled classes keyed by the running thread's class loader, and Spark 4
   * gives each session class loaders of its own on the executors ("artifact isolation", for the
   * jars a Spark Connect client adds to its session; coprod adds none). The ingest runs each
   * source in a copy of the session, so each copy's tasks compiled every generated class again, and
   * the JIT compiled the new classes again. With the copies sharing, a second ingest in the same
   * JVM (a notebook, the benchmark, the tests) still found none of the first's classes: an ingest
   * generates 140 to 190 of them in the same order, more than the cache's 100, and the least
   * recently used goes first. Both settings must be given when the session is built: Spark reads
   * them once.
   */
  public static SparkSession.Builder reuseCompiledClasses(SparkSession.Builder builder, SparkConf given) {
    compiledClassSettings(given).forEach(builder::config);
    return builder;
  }

  /** The settings {@link #reuseCompiledClasses} adds: those of its two the configuration does not give. */
  static Map<String, String> compiledClassSettings(SparkConf given) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (!given.contains(ARTIFACT_ISOLATION)) {
      settings.put(ARTIFACT_ISOLATION, "false");
    }
    if (!given.contains(COMPILED_CLASS_CACHE)) {
      settings.put(COMPILED_CLASS_CACHE, COMPILED_CLASS_CACHE_ENTRIES);
    }
    return settings;
  }
}
