package org.coprod.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Benchmark companion (not a test): compares the ingest outputs of two runs on the same input, as
 * {@link IngestPerfBench} leaves them in {@code WORK/ingest/} (clean tables, quality,
 * quarantine), row for row as multisets, with their schemas (types and nullability). Used to show
 * that a faster ingest gives the same results as the one it replaces. Exits 1 on a difference.
 *
 * <pre>
 * jobs/bench org.coprod.ingest.IngestOutputDiff /tmp/before/ingest /tmp/after/ingest
 * </pre>
 */
public final class IngestOutputDiff {

  private IngestOutputDiff() {}

  public static void main(String[] args) throws IOException {
    Path left = Path.of(args[0]);
    Path right = Path.of(args[1]);
    SparkSession spark = SparkSession.builder().appName("ingest-output-diff").master("local[2]")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    List<String> tables = new ArrayList<>(List.of("quality", "quarantine"));
    try (Stream<Path> sources = Files.list(left.resolve("clean"))) {
      sources.filter(Files::isDirectory).map(p -> "clean/" + p.getFileName()).sorted().forEach(tables::add);
    }
    int differences = 0;
    for (String table : tables) {
      Dataset<Row> a = spark.read().parquet(left.resolve(table).toString());
      Dataset<Row> b = spark.read().parquet(right.resolve(table).toString());
      boolean sameSchema = a.schema().equals(b.schema());
      long rows = a.count();
      long onlyLeft = sameSchema ? a.exceptAll(b).count() : -1;
      long onlyRight = sameSchema ? b.exceptAll(a).count() : -1;
      boolean same = sameSchema && rows == b.count() && onlyLeft == 0 && onlyRight == 0;
      System.out.printf("%-28s rows %9d / %9d, only left %d, only right %d, schema %s -> %s%n", table, rows, b.count(),
          onlyLeft, onlyRight, sameSchema ? "same" : "DIFFERENT\n  " + a.schema().treeString() + "  "
              + b.schema().treeString(), same ? "same" : "DIFFERENT");
      differences += same ? 0 : 1;
    }
    spark.stop();
    System.out.println(differences == 0 ? "outputs are the same" : differences + " tables differ");
    System.exit(differences == 0 ? 0 : 1);
  }
}
