package org.coprod.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.coprod.spec.formula.Formula;
import org.coprod.spec.formula.ModelColumn;
import org.coprod.testing.SparkTest;
import org.junit.jupiter.api.Test;

/** Row accounting, response kinds, options and errors on small hand-made tables. */
@SparkTest
class DesignMatrixBuilderTest {

  /** All columns text, as a CSV read without a schema. */
  private static Dataset<Row> text(SparkSession spark, String header, String... rows) {
    String[] names = header.split(",");
    StructType schema = new StructType();
    for (String name : names) {
      schema = schema.add(name, DataTypes.StringType);
    }
    List<Row> data = Arrays.stream(rows)
        .map(r -> RowFactory.create((Object[]) Arrays.stream(r.split(",", -1)).map(v -> v.equals("null") ? null : v).toArray()))
        .toList();
    return spark.createDataFrame(data, schema);
  }

  private static DesignMatrix build(Dataset<Row> data, String formula) {
    return DesignMatrixBuilder.build(data, Formula.parse(formula), DesignMatrixOptions.defaults());
  }

  private static List<String> rowsAsText(DesignMatrix design) {
    return design.rows().collectAsList().stream()
        .map(row -> {
          StringBuilder text = new StringBuilder();
          for (int i = 0; i < row.size(); i++) {
            text.append(i == 0 ? "" : " ").append(i == 3 ? row.getList(3).toString() : String.valueOf(row.get(i)));
          }
          return text.toString();
        })
        .sorted()
        .toList();
  }

  @Test
  void missingValuesAreDroppedAndCountedByVariable(SparkSession spark) {
    Dataset<Row> data = text(spark, "y,age,x,gender",
        "1,30,2,f",
        "0,n/a,2,m",       // junk in a numeric column: missing age
        "1,null,null,f",   // missing age and x: counts under both, one dropped row
        "0,40,0,NA",       // log(0) and gender NA: both missing
        "0,50,1,m",
        "1,60,3,f");
    DesignMatrix design = build(data, "y ~ age + log(x) + gender");
    RowCounts counts = design.counts();
    assertThat(counts.rowsRead()).isEqualTo(6);
    assertThat(counts.rowsDroppedMissing()).isEqualTo(3);
    assertThat(counts.missingByVariable()).containsExactly(
        Map.entry("y", 0L), Map.entry("age", 2L), Map.entry("log(x)", 2L), Map.entry("gender", 1L));
    assertThat(counts.rowsKept()).isEqualTo(3);
    assertThat(design.columnNames()).containsExactly("(Intercept)", "age", "log(x)", "genderm");
    assertThat(design.factors()).containsExactly(new FactorLevels("gender", List.of("f", "m"), List.of(2L, 1L)));
    assertThat(design.rows().count()).isEqualTo(3);
  }

  @Test
  void invalidResponsesAndWeightsAreCountedByReasonNotThrown(SparkSession spark) {
    Dataset<Row> data = text(spark, "y,x,w",
        "1,1,1", "2,1,1", "0.5,1,1", "0,1,-1", "1,1,2", "-1,1,-3");
    DesignMatrix design = DesignMatrixBuilder.build(data, Formula.parse("y ~ x"), DesignMatrixOptions.defaults().withWeightColumn("w"));
    assertThat(design.counts().invalidByReason()).containsExactly(
        Map.entry(InvalidRowReason.RESPONSE_NOT_BINARY, 3L), Map.entry(InvalidRowReason.NEGATIVE_WEIGHT, 1L));
    assertThat(design.counts().rowsKept()).isEqualTo(2);
    assertThat(rowsAsText(design)).containsExactly("1.0 1.0 1.0 [1.0, 1.0]", "1.0 1.0 2.0 [1.0, 1.0]");
  }

  @Test
  void cbindResponseGivesSuccessesAndTrials(SparkSession spark) {
    Dataset<Row> data = text(spark, "k,n,x", "2,5,1", "0,3,2", "4,2,3", "0,0,4", "1,null,5");
    DesignMatrix design = build(data, "cbind(k, n - k) ~ x");
    assertThat(design.response()).isEqualTo(new ResponseDescription("cbind(k, n - k)", ResponseDescription.Kind.COUNTS, null, null));
    assertThat(design.counts().invalidByReason()).containsExactly(
        Map.entry(InvalidRowReason.NEGATIVE_COUNT, 1L), Map.entry(InvalidRowReason.ZERO_TRIALS, 1L));
    assertThat(design.counts().missingByVariable()).containsEntry("cbind(k, n - k)", 1L);
    List<Row> rows = design.rows().orderBy("y").collectAsList();
    assertThat(rows).extracting(r -> r.getDouble(0)).containsExactly(0.0, 2.0);
    assertThat(rows).extracting(r -> r.getDouble(1)).containsExactly(3.0, 5.0);
  }

  @Test
  void twoLevelFactorResponseHasItsFirstOrDeclaredLevelAsFailure(SparkSession spark) {
    Dataset<Row> data = text(spark, "status,x", "yes,1", "no,2", "yes,3");
    DesignMatrix sorted = build(data, "status ~ x");
    assertThat(sorted.response()).isEqualTo(new ResponseDescription("status", ResponseDescription.Kind.FACTOR, "no", "yes"));
    assertThat(sorted.rows().orderBy("x").collectAsList()).extracting(r -> r.getDouble(0)).containsExactly(1.0, 0.0, 1.0);

    DesignMatrix declared = DesignMatrixBuilder.build(data, Formula.parse("status ~ x"),
        DesignMatrixOptions.defaults().withReferenceLevel("status", "yes"));
    assertThat(declared.response().failure()).isEqualTo("yes");
    assertThat(declared.rows().orderBy("x").collectAsList()).extracting(r -> r.getDouble(0)).containsExactly(0.0, 1.0, 0.0);
  }

  @Test
  void factorResponseWithThreeLevelsIsRejected(SparkSession spark) {
    Dataset<Row> data = text(spark, "status,x", "yes,1", "no,2", "maybe,3");
    assertThatThrownBy(() -> build(data, "status ~ x"))
        .isInstanceOf(DesignMatrixException.class)
        .hasMessageContaining("response status has 3 levels [maybe, no, yes]");
  }

  @Test
  void typedColumnsBooleanResponseClusterAndGroups(SparkSession spark) {
    StructType schema = new StructType()
        .add("ok", DataTypes.BooleanType).add("x", DataTypes.DoubleType).add("flag", DataTypes.BooleanType)
        .add("a", DataTypes.StringType).add("b", DataTypes.DoubleType).add("school", DataTypes.IntegerType);
    List<Row> rows = List.of(
        RowFactory.create(true, 1.0, true, "A1", 3.0, 7),
        RowFactory.create(false, 2.0, false, "A2", 4.5, 8),
        RowFactory.create(true, 3.0, false, "A1", null, 9));
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    DesignMatrix design = DesignMatrixBuilder.build(data, Formula.parse("ok ~ x + flag + (1 | a/b)"),
        DesignMatrixOptions.defaults().withClusterColumn("school"));
    assertThat(design.response().kind()).isEqualTo(ResponseDescription.Kind.BOOLEAN);
    assertThat(design.columnNames()).containsExactly("(Intercept)", "x", "flagTRUE");
    assertThat(design.groupingFactors()).containsExactly("a", "a:b");
    assertThat(design.rows().columns()).containsExactly("y", "trials", "weight", "x", "g0", "g1", "cluster");
    assertThat(design.counts().missingByVariable()).containsEntry("b", 1L);
    assertThat(rowsAsText(design)).containsExactly(
        "0.0 1.0 1.0 [1.0, 2.0, 0.0] A2 A2:4.5 8",
        "1.0 1.0 1.0 [1.0, 1.0, 1.0] A1 A1:3 7");
  }

  @Test
  void declaredFactorWithReferenceLevel(SparkSession spark) {
    StructType schema = new StructType().add("y", DataTypes.IntegerType).add("period", DataTypes.IntegerType).add("x", DataTypes.DoubleType);
    List<Row> rows = List.of(RowFactory.create(1, 10, 1.0), RowFactory.create(0, 2, 2.0), RowFactory.create(1, 1, 3.0), RowFactory.create(0, 2, 4.0));
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    DesignMatrixOptions options = DesignMatrixOptions.defaults().withFactorColumns(java.util.Set.of("period")).withReferenceLevel("period", "2");
    DesignMatrix design = DesignMatrixBuilder.build(data, Formula.parse("y ~ period * x"), options);
    assertThat(design.factors()).containsExactly(new FactorLevels("period", List.of("2", "1", "10"), List.of(2L, 1L, 1L)));
    assertThat(design.columnNames()).containsExactly("(Intercept)", "period1", "period10", "x", "period1:x", "period10:x");
    ModelColumn interaction = design.columns().get(4);
    assertThat(interaction.term()).isEqualTo("period:x");
    assertThat(interaction.variables()).containsExactly("period", "x");
    assertThat(interaction.parts()).extracting(ModelColumn.Part::level).containsExactly("1", null);

    DesignMatrixOptions unknown = DesignMatrixOptions.defaults().withReferenceLevel("factor(period)", "5");
    assertThatThrownBy(() -> DesignMatrixBuilder.build(data, Formula.parse("y ~ factor(period)"), unknown))
        .isInstanceOf(DesignMatrixException.class)
        .hasMessage("reference level '5' of factor(period) not found among its levels [1, 2, 10]");
  }

  @Test
  void numericCodesInTextSortAsNumbersWhenAllParse(SparkSession spark) {
    Dataset<Row> data = text(spark, "y,period,wave,x", "1,10,1,1", "0,2,x,2", "1,1,2,3", "0,2,2,4");
    DesignMatrix design = DesignMatrixBuilder.build(data, Formula.parse("y ~ period + factor(wave) + x"),
        DesignMatrixOptions.defaults().withFactorColumns(java.util.Set.of("period")));
    assertThat(design.factors()).extracting(FactorLevels::levels).containsExactly(List.of("1", "2", "10"), List.of("1", "2", "x"));
    assertThat(design.columnNames()).containsExactly("(Intercept)", "period2", "period10", "factor(wave)2", "factor(wave)x", "x");
  }

  @Test
  void divisionByZeroIsMissingNotAnError(SparkSession spark) {
    Dataset<Row> data = text(spark, "y,x,z", "1,1,0", "0,2,1", "1,3,2");
    DesignMatrix design = build(data, "y ~ I(x/z)");
    assertThat(design.counts().missingByVariable()).containsEntry("I(x/z)", 1L);
    assertThat(design.rows().count()).isEqualTo(2);
  }

  @Test
  void badSetupFailsWithTheNameOfTheProblem(SparkSession spark) {
    Dataset<Row> data = text(spark, "y,x,g", "1,1,a", "0,2,a");
    assertThatThrownBy(() -> build(data, "y ~ age"))
        .isInstanceOf(DesignMatrixException.class)
        .hasMessage("column age not found in the data (columns: y, x, g)");
    assertThatThrownBy(() -> build(data, "y ~ x + g"))
        .isInstanceOf(DesignMatrixException.class)
        .hasMessageContaining("factor g has 1 level(s) [a]");
  }

  @Test
  void randomSlopesAreRejectedNamingTheTerm(SparkSession spark) {
    Dataset<Row> data = text(spark, "y,x,g", "1,1,a", "0,2,b");
    assertThatThrownBy(() -> build(data, "y ~ x + (x | g)"))
        .isInstanceOf(DesignMatrixException.class)
        .hasMessage("unsupported random term (x | g): only random intercepts (1 | g) are supported");
  }

  /** Counts Spark jobs; the listener bus is asynchronous, so callers drain it first. */
  static final class JobCounter extends org.apache.spark.scheduler.SparkListener {
    final java.util.concurrent.atomic.AtomicInteger jobs = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
      jobs.incrementAndGet();
    }
  }

  @Test
  void levelsOfAllFactorsAndAllCountsTakeOneJob(SparkSession spark) throws Exception {
    StructType schema = new StructType().add("y", DataTypes.IntegerType).add("a", DataTypes.StringType)
        .add("b", DataTypes.StringType).add("x", DataTypes.DoubleType).add("g", DataTypes.StringType);
    Dataset<Row> typed = spark.createDataFrame(List.of(
        RowFactory.create(1, "p", "u", 1.0, "g1"), RowFactory.create(0, "q", "v", 2.0, "g2"), RowFactory.create(1, "p", "w", null, "g1")), schema);
    Dataset<Row> text = text(spark, "y,a,b,x,g", "1,p,u,1,g1", "0,q,v,2,g2", "1,p,w,,g1");
    DesignMatrixOptions factors = DesignMatrixOptions.defaults().withFactorColumns(java.util.Set.of("a", "b"));
    assertThat(jobsToBuild(spark, typed, "y ~ a * b + factor(x) + (1 | g)", factors)).isEqualTo(1);
    // A text response or bare text predictor costs one more, shuffle-free, aggregation: do they hold numbers?
    assertThat(jobsToBuild(spark, text, "y ~ a * b + factor(x) + (1 | g)", factors)).isEqualTo(2);
    assertThat(jobsToBuild(spark, text, "y ~ a * b + x + (1 | g)", DesignMatrixOptions.defaults())).isEqualTo(2);
  }

  private static int jobsToBuild(SparkSession spark, Dataset<Row> data, String formula, DesignMatrixOptions options) throws Exception {
    JobCounter counter = new JobCounter();
    spark.sparkContext().listenerBus().waitUntilEmpty();
    spark.sparkContext().addSparkListener(counter);
    try {
      DesignMatrixBuilder.build(data, Formula.parse(formula), options);
      spark.sparkContext().listenerBus().waitUntilEmpty();
      return counter.jobs.get();
    } finally {
      spark.sparkContext().removeSparkListener(counter);
    }
  }

  @Test
  void rowsNeverCarryOtherColumns(SparkSession spark) {
    Dataset<Row> data = text(spark, "y,x,extra", "1,1,p", "0,2,q");
    DesignMatrix design = build(data, "y ~ x");
    assertThat(Arrays.stream(design.rows().schema().fields()).map(f -> f.name() + ":" + f.dataType().simpleString()).collect(Collectors.joining(",")))
        .isEqualTo("y:double,trials:double,weight:double,x:array<double>");
  }
}
