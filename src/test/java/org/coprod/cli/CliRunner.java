package org.coprod.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** Runs the CLI in-process and captures what it prints. */
final class CliRunner {

  record Result(int exitCode, String out, String err) {}

  private CliRunner() {}

  static synchronized Result run(Supplier<SparkSession> spark, String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.execute(spark, args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }

  /** A session source that fails the test if a command asks for Spark. */
  static Supplier<SparkSession> noSpark() {
    return () -> {
      throw new AssertionError("this command must fail before starting Spark");
    };
  }
}
