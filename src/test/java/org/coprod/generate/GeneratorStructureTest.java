package org.coprod.generate;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.coprod.ingest.contract.Contracts;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The designed structure is in the data: rates, signs, clustering, referential integrity (~20k respondents). */
@SparkTest
class GeneratorStructureTest {

  private static final int CITIZENS = 20_000;

  @TempDir
  static Path dir;

  private static String root;

  @BeforeAll
  static void generate(SparkSession spark) {
    root = dir.resolve("pop").toString();
    Generator.generate(spark, GeneratorConfig.of(CITIZENS, 42, OutputFormat.CSV, root).withRowsPerPartition(5_000));
  }

  @Test
  void marginalRatesArePlausible(SparkSession spark) {
    Row rates = GeneratedData.read(spark, root, Contracts.SURVEY, OutputFormat.CSV)
        .agg(avg("coprod_ict"), avg("coprod_traditional"), count("*")).first();
    assertThat(rates.getLong(2)).isEqualTo(CITIZENS);
    assertThat(rates.getDouble(0)).isBetween(0.15, 0.35);
    assertThat(rates.getDouble(1)).isBetween(0.20, 0.40);
  }

  @Test
  void pooledLogitRecoversDesignedSigns(SparkSession spark) {
    String[] terms = GeneratedData.termColumns();
    List<String> columns = new ArrayList<>(List.of(terms));
    columns.add("coprod_ict");
    columns.add("coprod_traditional");
    // 20k x 24 doubles: small enough to fit on the driver in a test.
    List<Row> rows = GeneratedData.features(spark, root, OutputFormat.CSV)
        .selectExpr(columns.stream().map(c -> "cast(" + c + " as double) as " + c).toArray(String[]::new))
        .collectAsList();
    double[][] x = new double[rows.size()][terms.length + 1];
    double[] ictOutcome = new double[rows.size()];
    double[] traditionalOutcome = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i][0] = 1.0;
      for (int j = 0; j < terms.length; j++) {
        x[i][j + 1] = rows.get(i).getDouble(j);
      }
      ictOutcome[i] = rows.get(i).getDouble(terms.length);
      traditionalOutcome[i] = rows.get(i).getDouble(terms.length + 1);
    }
    double[] ict = NewtonLogit.fit(x, ictOutcome);
    double[] traditional = NewtonLogit.fit(x, traditionalOutcome);
    for (int j = 0; j < terms.length; j++) {
      TrueModel.Term term = TrueModel.TERMS.get(j);
      // Citizen-level terms and broadband: enough units at 20k respondents for the sign to be sure.
      // Municipality terms vary over only ~50 municipalities with their own random intercepts.
      if (!term.featureLevel().equals("municipality") && Math.abs(term.ict()) >= 0.09) {
        assertThat(Math.signum(ict[j + 1])).as("sign of %s (fitted %s, true %s)", term.name(), ict[j + 1],
            term.ict()).isEqualTo(Math.signum(term.ict()));
      }
    }
    // Double digital divide: the age and language gaps are wider for ICT than for traditional co-production.
    assertThat(ict[1]).isLessThan(traditional[1]);
    assertThat(ict[5]).isLessThan(traditional[5]);
    // Knowing co-producers matters for both channels alike (true 0.65 and 0.60).
    assertThat(ict[12]).isCloseTo(0.65, within(0.2));
    assertThat(traditional[12]).isCloseTo(0.60, within(0.2));
  }

  @Test
  void neighbourhoodRatesVaryMoreThanBinomialNoise(SparkSession spark) {
    List<Row> groups = GeneratedData.read(spark, root, Contracts.SURVEY, OutputFormat.CSV)
        .groupBy("neighbourhood_id").agg(avg("coprod_ict").as("p"), count("*").as("n")).collectAsList();
    double overall = groups.stream().mapToDouble(r -> r.getDouble(1) * r.getLong(2)).sum() / CITIZENS;
    double observed = 0;
    double binomial = 0;
    for (Row group : groups) {
      observed += Math.pow(group.getDouble(1) - overall, 2);
      binomial += overall * (1 - overall) / group.getLong(2);
    }
    // With a neighbourhood SD of 0.5 (plus municipalities) the spread is well above sampling noise.
    assertThat(observed / binomial).isGreaterThan(1.5);
  }

  @Test
  void referencesResolveAndKeysAreUniqueWithoutDirt(SparkSession spark) {
    Dataset<Row> survey = GeneratedData.read(spark, root, Contracts.SURVEY, OutputFormat.CSV);
    Dataset<Row> usage = GeneratedData.read(spark, root, Contracts.USAGE, OutputFormat.CSV);
    Dataset<Row> links = GeneratedData.read(spark, root, Contracts.LINKS, OutputFormat.CSV);
    Dataset<Row> neighbourhoods = GeneratedData.read(spark, root, Contracts.NEIGHBOURHOODS, OutputFormat.CSV);
    Dataset<Row> municipalities = GeneratedData.read(spark, root, Contracts.MUNICIPALITIES, OutputFormat.CSV);
    assertThat(survey.select("respondent_id", "wave").distinct().count()).isEqualTo(CITIZENS);
    assertThat(usage.select("event_id").distinct().count()).isEqualTo(usage.count());
    assertThat(links.select("respondent_id").distinct().count()).isEqualTo(links.count());
    assertThat(anti(survey, neighbourhoods, "neighbourhood_id")).isZero();
    assertThat(anti(usage, neighbourhoods, "neighbourhood_id")).isZero();
    assertThat(anti(neighbourhoods, municipalities, "municipality_id")).isZero();
    assertThat(anti(links, survey, "respondent_id")).isZero();
    assertThat(anti(links, usage, "account_id")).isZero();
    assertThat(neighbourhoods.count()).isEqualTo(GeneratorConfig.defaultNeighbourhoods(CITIZENS));
    // One pass per source counts every column's violations of nullability, range and allowed values.
    for (var source : Contracts.all()) {
      Dataset<Row> data = GeneratedData.read(spark, root, source, OutputFormat.CSV);
      List<Column> violations = new ArrayList<>();
      for (var column : source.columns()) {
        Column c = col(column.name());
        Column bad = lit(false);
        if (!column.nullable()) {
          bad = bad.or(c.isNull());
        }
        if (column.min() != null) {
          bad = bad.or(c.lt(column.min()));
        }
        if (column.max() != null) {
          bad = bad.or(c.gt(column.max()));
        }
        if (!column.allowedValues().isEmpty()) {
          bad = bad.or(c.isNotNull().and(not(c.cast("string").isin(column.allowedValues().toArray()))));
        }
        violations.add(sum(when(bad, 1).otherwise(0)).as(column.name()));
      }
      Row counts = data.agg(violations.get(0), violations.subList(1, violations.size()).toArray(Column[]::new))
          .first();
      for (int i = 0; i < counts.size(); i++) {
        assertThat(counts.getLong(i)).as(source.name() + "." + counts.schema().fieldNames()[i]).isZero();
      }
    }
  }

  @Test
  void usageFollowsPropensityAndSpansTheInterviewYear(SparkSession spark) {
    Dataset<Row> survey = GeneratedData.read(spark, root, Contracts.SURVEY, OutputFormat.CSV);
    Dataset<Row> usage = GeneratedData.read(spark, root, Contracts.USAGE, OutputFormat.CSV);
    Dataset<Row> links = GeneratedData.read(spark, root, Contracts.LINKS, OutputFormat.CSV);
    double eventsPerRespondent = usage.count() / (double) CITIZENS;
    assertThat(eventsPerRespondent).isBetween(15.0, 25.0);
    Dataset<Row> linked = usage.join(links, "account_id").join(survey, "respondent_id");
    List<Row> byGroup = linked
        .groupBy("coprod_ict")
        .agg(avg(col("action").isin("report", "comment", "vote").cast("double")),
            countDistinct("account_id"), count("*"))
        .orderBy("coprod_ict").collectAsList();
    double coproductionShareOthers = byGroup.get(0).getDouble(1);
    double coproductionShareCoproducers = byGroup.get(1).getDouble(1);
    assertThat(coproductionShareCoproducers).isGreaterThan(0.5).isGreaterThan(2 * coproductionShareOthers);
    double eventsPerAccountOthers = byGroup.get(0).getLong(3) / (double) byGroup.get(0).getLong(2);
    double eventsPerAccountCoproducers = byGroup.get(1).getLong(3) / (double) byGroup.get(1).getLong(2);
    assertThat(eventsPerAccountCoproducers).isGreaterThan(2 * eventsPerAccountOthers);
    Row span = linked.select(datediff(to_date(col("ts")), col("interview_date")).as("days"))
        .agg(min("days"), max("days")).first();
    assertThat(span.getInt(0)).isBetween(-460, -400);
    assertThat(span.getInt(1)).isBetween(60, 95);
  }

  private static long anti(Dataset<Row> left, Dataset<Row> right, String key) {
    return left.select(key).join(right.select(key).distinct(), left.col(key).equalTo(right.col(key)), "left_anti")
        .count();
  }
}
