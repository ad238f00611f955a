package org.coprod.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.testing.SharedSparkSession;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coprod show} prints a Parquet table as aligned text, CSV or JSON, up to --limit rows. */
@SparkTest
class ShowCommandTest {

  @TempDir Path temp;

  @Test
  void printsTextCsvAndJsonWithLimit(SparkSession spark) {
    StructType schema = new StructType().add("term", DataTypes.StringType).add("estimate", DataTypes.DoubleType);
    String table = temp.resolve("t").toString();
    spark.createDataFrame(List.<Row>of(RowFactory.create("age10", -0.35), RowFactory.create("a, \"b\"", null), RowFactory.create("z", 1.0)), schema)
        .coalesce(1).write().parquet(table);

    CliRunner.Result text = CliRunner.run(SharedSparkSession::get, "show", table, "--limit", "2");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out()).startsWith("term").contains("age10   -0.350000").contains("NA").endsWith("(2 rows)\n").doesNotContain("z  ");

    CliRunner.Result csv = CliRunner.run(SharedSparkSession::get, "show", table, "--format", "csv");
    assertThat(csv.out()).isEqualTo("term,estimate\nage10,-0.350000\n\"a, \"\"b\"\"\",\nz,1.00000\n");

    CliRunner.Result json = CliRunner.run(SharedSparkSession::get, "show", table, "--format", "json", "--limit", "1");
    assertThat(json.out()).isEqualTo("{\"term\":\"age10\",\"estimate\":-0.35}\n");

    CliRunner.Result bad = CliRunner.run(CliRunner.noSpark(), "show", table, "--format", "xml");
    assertThat(bad.exitCode()).isEqualTo(2);
  }
}
