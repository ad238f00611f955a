package org.coprod.testing;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that shares one local SparkSession per test JVM: starting Spark costs
 * seconds, so every Spark test class reuses it. local[2], UI off, bound to loopback, UTC,
 * few shuffle partitions (the fixtures are small). The session is stopped by a JVM
 * shutdown hook rather than after a class, because the next class wants it too.
 */
public final class SharedSparkSession implements ParameterResolver {

  private static SparkSession session;

  public static synchronized SparkSession get() {
    if (session == null) {
      session =
          // As the product's local mode (SparkSessions).
          org.coprod.cli.SparkSessions.reuseCompiledClasses(
              org.coprod.hadoop.ForklessLocalFileSystem.inLocalMode(SparkSession.builder(), "local[2]"),
              new org.apache.spark.SparkConf())
              .appName("coprod-tests")
              .master("local[2]")
              .config("spark.ui.enabled", "false")
              .config("spark.driver.host", "127.0.0.1")
              .config("spark.driver.bindAddress", "127.0.0.1")
              .config("spark.sql.session.timeZone", "UTC")
              .config("spark.sql.shuffle.partitions", "4")
              .config("spark.default.parallelism", "4")
              .config("spark.sql.adaptive.enabled", "false")
              .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/coprod-test-warehouse")
              .getOrCreate();
      session.sparkContext().setLogLevel("WARN");
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop, "stop-test-spark"));
    }
    return session;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SparkSession.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return get();
  }
}
