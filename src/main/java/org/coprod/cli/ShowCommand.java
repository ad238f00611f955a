package org.coprod.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.output.TablePrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coprod show TABLE_PATH}: prints any Parquet output table readably. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Print an output table (a Parquet folder) as text, CSV or JSON.")
final class ShowCommand implements Callable<Integer> {

  enum Format {
    text,
    csv,
    json
  }

  private final Supplier<SparkSession> spark;

  @Parameters(index = "0", paramLabel = "TABLE_PATH", description = "Folder of a Parquet table, e.g. out/sample/runs/<run_id>/factor_effects")
  String table;

  @Option(names = "--format", defaultValue = "text", description = "text, csv or json (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(names = "--limit", defaultValue = "50", description = "at most this many rows (default: ${DEFAULT-VALUE})")
  int limit;

  ShowCommand(Supplier<SparkSession> spark) {
    this.spark = spark;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "invalid --limit: " + limit + " (must be >= 1)");
    }
    SparkSession session = spark.get();
    Dataset<Row> data = session.read().parquet(table);
    List<Row> rows = data.limit(limit).collectAsList(); // bounded by --limit
    String text =
        switch (format) {
          case text -> TablePrinter.text(data.schema(), rows);
          case csv -> TablePrinter.csv(data.schema(), rows);
          case json -> TablePrinter.json(data.schema(), rows);
        };
    System.out.print(text);
    return ExitCodes.OK;
  }
}
