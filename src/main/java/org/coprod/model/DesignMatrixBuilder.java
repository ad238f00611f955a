package org.coprod.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.spec.formula.Expr;
import org.coprod.spec.formula.Formula;
import org.coprod.spec.formula.ModelColumn;
import org.coprod.spec.formula.ModelMatrixLayout;
import org.coprod.spec.formula.RNumbers;
import org.coprod.spec.formula.RandomTerm;
import org.coprod.spec.formula.Response;
import org.coprod.spec.formula.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds R's model matrix of a formula over any Spark table, as the rows of a
 * {@link DesignMatrix}, with R's column names and treatment coding.
 *
 * <p>Passes over the data: one aggregation ({@link LevelScan}) finds the levels of all
 * factors and every count at once; before it, only when the response or a bare predictor
 * is a text column (a CSV read without a schema), one shuffle-free aggregation decides
 * whether those columns hold numbers — numeric when at least one value parses, the
 * unparsable cells then being missing. Rows never reach the driver. As R's {@code glm}, rows
 * with a missing value in any used variable are dropped (na.omit) and factor levels are
 * those of the kept rows ({@code drop.unused.levels = TRUE}). Text cells {@code NA} and
 * empty are missing; so are non-finite numbers (log of 0, division by 0), which R would keep.
 *
 * <p>Which variables are factors: declared columns, {@code factor(x)}, boolean columns,
 * {@code I(comparison)}, and text columns that hold no number; all others are numeric.
 */
public final class DesignMatrixBuilder {

  private static final Logger LOG = LoggerFactory.getLogger(DesignMatrixBuilder.class);

  private DesignMatrixBuilder() {}

  /** A formula variable resolved against the data: numeric value, or factor key. */
  private record Resolved(Variable variable, Column value, LevelScan.Key key) {
    boolean isFactor() {
      return key != null;
    }
  }

  /**
   * Builds the design matrix.
   *
   * @throws DesignMatrixException when a column is absent or of an unusable type, a declared
   *     reference level is not found, a factor has too few levels, or a factor response has more than two
   */
  public static DesignMatrix build(Dataset<Row> data, Formula formula, DesignMatrixOptions options) {
    long start = System.nanoTime();
    for (RandomTerm term : formula.randomTerms()) {
      // The rows carry one grouping column per term and no random-slope columns.
      if (!term.isRandomIntercept()) {
        throw new DesignMatrixException("unsupported random term " + term.label() + ": only random intercepts (1 | g) are supported");
      }
    }
    ColumnExpressions columns = new ColumnExpressions(data.schema(), inferTextColumns(data, formula, options));
    ResponseColumns response = ResponseColumns.of(formula.response(), columns, options);
    List<Resolved> variables = formula.variables().stream().map(v -> resolve(v, columns, options)).toList();

    Map<String, Column> missing = new LinkedHashMap<>();
    missing.put(formula.response().label(), response.missing());
    for (Resolved v : variables) {
      Column m = v.isFactor() ? keyMissing(v.key()) : ColumnExpressions.missingNumber(v.value());
      missing.merge(v.variable().label(), m, Column::or);
    }
    Column weight = options.weightColumn().map(columns::number).orElse(lit(1.0));
    options.weightColumn().ifPresent(w -> missing.merge(w, ColumnExpressions.missingNumber(weight), Column::or));
    List<Column> groups = new ArrayList<>();
    for (RandomTerm term : formula.randomTerms()) {
      List<Column> parts = new ArrayList<>();
      for (String g : term.grouping()) {
        Column text = textKey(columns.text(g));
        missing.merge(g, text.isNull(), Column::or);
        parts.add(text);
      }
      groups.add(parts.size() == 1 ? parts.get(0) : concat_ws(":", parts.toArray(Column[]::new)));
    }
    Column cluster = options.clusterColumn().map(c -> textKey(columns.text(c))).orElse(null);
    options.clusterColumn().ifPresent(c -> missing.merge(c, cluster.isNull(), Column::or));

    Column anyMissing = missing.values().stream().reduce(Column::or).orElse(lit(false));
    Column reason = response.invalidReason();
    Column negativeWeight = weight.lt(0);
    reason = reason == null
        ? when(negativeWeight, lit(InvalidRowReason.NEGATIVE_WEIGHT.ordinal()))
        : when(reason.isNotNull(), reason).when(negativeWeight, lit(InvalidRowReason.NEGATIVE_WEIGHT.ordinal()));
    reason = when(anyMissing.unary_$bang(), reason);
    Column kept = anyMissing.unary_$bang().and(reason.isNull());

    List<LevelScan.Key> keys = new ArrayList<>();
    variables.stream().filter(Resolved::isFactor).forEach(v -> keys.add(v.key()));
    if (response.factorKey() != null) {
      keys.add(new LevelScan.Key(response.factorKey(), null));
    }
    LevelScan.Result scan;
    data.sparkSession().sparkContext().setJobDescription("design matrix: factor levels and row counts for " + formula.source());
    try {
      scan = LevelScan.run(data, List.copyOf(missing.values()), anyMissing, reason, kept, keys);
    } finally {
      data.sparkSession().sparkContext().setJobDescription(null);
    }

    List<FactorLevels> factors = new ArrayList<>();
    Map<String, List<String>> levelNames = new LinkedHashMap<>();
    Map<String, Map<String, Object>> levelKeys = new LinkedHashMap<>();
    int j = 0;
    for (Resolved v : variables) {
      if (v.isFactor()) {
        FactorLevels levels = levels(v.variable().label(), referenceFor(v.variable(), options), scan.levels().get(j), levelKeys);
        factors.add(levels);
        levelNames.put(v.variable().label(), levels.levels());
        j++;
      }
    }
    ResponseDescription description = response.description();
    Column y = response.y();
    if (response.factorKey() != null) {
      String label = formula.response().label();
      FactorLevels levels = levels(label, options.referenceLevels().get(label), scan.levels().get(j), levelKeys);
      if (levels.levels().size() > 2) {
        throw new DesignMatrixException("response " + label + " has " + levels.levels().size() + " levels " + levels.levels()
            + ": a factor response needs two (declare the failure level as its reference)");
      }
      String failure = levels.reference();
      String success = levels.levels().size() == 2 ? levels.levels().get(1) : null;
      description = new ResponseDescription(label, ResponseDescription.Kind.FACTOR, failure, success);
      y = failure == null ? lit(0.0) : when(response.factorKey().equalTo(failure), lit(0.0)).otherwise(lit(1.0));
    }

    List<ModelColumn> layout;
    try {
      layout = ModelMatrixLayout.columns(formula, levelNames);
    } catch (IllegalArgumentException e) {
      throw new DesignMatrixException(e.getMessage(), e);
    }
    Map<String, Resolved> byLabel = new LinkedHashMap<>();
    variables.forEach(v -> byLabel.put(v.variable().label(), v));
    List<Column> x = new ArrayList<>();
    for (ModelColumn column : layout) {
      Column product = lit(1.0);
      for (ModelColumn.Part part : column.parts()) {
        Resolved v = byLabel.get(part.variable().label());
        Column factor = part.isIndicator()
            ? indicator(v.key(), levelKeys.get(part.variable().label()).get(part.level()))
            : v.value();
        product = column.parts().size() == 1 ? factor : product.multiply(factor);
      }
      x.add(product);
    }

    List<Column> select = new ArrayList<>();
    select.add(y.cast(DataTypes.DoubleType).as("y"));
    select.add(response.trials().cast(DataTypes.DoubleType).as("trials"));
    select.add(weight.cast(DataTypes.DoubleType).as("weight"));
    select.add(array(x.toArray(Column[]::new)).cast(DataTypes.createArrayType(DataTypes.DoubleType)).as("x"));
    for (int g = 0; g < groups.size(); g++) {
      select.add(groups.get(g).as(DesignMatrix.groupColumn(g)));
    }
    if (cluster != null) {
      select.add(cluster.as("cluster"));
    }
    Dataset<Row> rows = data.where(kept).select(select.toArray(Column[]::new));

    RowCounts counts = counts(scan, new ArrayList<>(missing.keySet()));
    LOG.info("design matrix for {}: {} rows read, {} dropped for missing values, {} invalid, {} kept, {} columns, {} ms",
        formula.source(), counts.rowsRead(), counts.rowsDroppedMissing(), counts.rowsDroppedInvalid(), counts.rowsKept(),
        layout.size(), (System.nanoTime() - start) / 1_000_000);
    List<String> groupingFactors = formula.randomTerms().stream().map(RandomTerm::groupingLabel).toList();
    return new DesignMatrix(formula, rows, layout, factors, description, groupingFactors, counts);
  }

  private static RowCounts counts(LevelScan.Result scan, List<String> variables) {
    Map<String, Long> byVariable = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      byVariable.put(variables.get(i), scan.missingByIndex().getOrDefault(i, 0L));
    }
    long invalid = scan.invalidByReason().values().stream().mapToLong(Long::longValue).sum();
    // A row may miss several variables, so rows dropped for missing values is its own count.
    long kept = scan.rowsRead() - scan.missingAny() - invalid;
    return new RowCounts(scan.rowsRead(), scan.missingAny(), byVariable, scan.invalidByReason(), kept);
  }

  private static Resolved resolve(Variable variable, ColumnExpressions columns, DesignMatrixOptions options) {
    switch (variable.kind()) {
      case NUMERIC:
        return new Resolved(variable, columns.numeric(variable.expression()), null);
      case LOGICAL:
        return new Resolved(variable, null, new LevelScan.Key(columns.logical(variable.comparison()), null));
      case FACTOR: {
        Expr argument = variable.factorArgument();
        if (argument instanceof Expr.Name name && (columns.isText(name.name()) || columns.isBoolean(name.name()))) {
          return new Resolved(variable, null, new LevelScan.Key(textKey(columns.text(name.name())), null));
        }
        return new Resolved(variable, null, new LevelScan.Key(null, columns.numeric(argument)));
      }
      default: {
        String name = variable.column();
        boolean declared = isDeclared(variable, options);
        if (declared && !columns.isText(name) && columns.isNumeric(name)) {
          return new Resolved(variable, null, new LevelScan.Key(null, columns.number(name)));
        }
        if (declared || columns.isBoolean(name) || !columns.isNumeric(name)) {
          return new Resolved(variable, null, new LevelScan.Key(textKey(columns.text(name)), null));
        }
        return new Resolved(variable, columns.number(name), null);
      }
    }
  }

  /** Text cells {@code NA} and empty are missing, as R's read.csv reads them. */
  static Column textKey(Column text) {
    return when(text.isin("NA", ""), lit(null).cast(DataTypes.StringType)).otherwise(text);
  }

  private static Column keyMissing(LevelScan.Key key) {
    return key.text() != null ? key.text().isNull() : ColumnExpressions.missingNumber(key.number());
  }

  private static Column indicator(LevelScan.Key key, Object level) {
    Column value = key.text() != null ? key.text() : key.number();
    return when(value.equalTo(lit(level)), lit(1.0)).otherwise(lit(0.0));
  }

  private static String referenceFor(Variable variable, DesignMatrixOptions options) {
    String reference = options.referenceLevels().get(variable.label());
    if (reference == null && variable.kind() == Variable.Kind.COLUMN) {
      reference = options.referenceLevels().get(variable.column());
    }
    return reference;
  }

  /**
   * Sorts levels and puts the reference first. Numbers sort numerically; text sorts by UTF-8
   * bytes, except that text levels which all parse as numbers (numeric codes in a CSV) sort
   * as numbers and are named as R prints the numbers, as if read.csv had typed the column.
   */
  private static FactorLevels levels(String label, String reference, Map<Object, Long> found, Map<String, Map<String, Object>> levelKeys) {
    Map<Object, Double> parsed = new LinkedHashMap<>();
    for (Object key : found.keySet()) {
      Double number = key instanceof Double d ? d : parseNumber((String) key);
      if (number == null) {
        parsed = null;
        break;
      }
      parsed.put(key, number);
    }
    // Text codes that collide as numbers ("1" and "1.0") keep text order and names.
    if (parsed != null && new java.util.HashSet<>(parsed.values()).size() != parsed.size()) {
      parsed = null;
    }
    Map<Object, Double> numbers = parsed;
    List<Object> keys = new ArrayList<>(found.keySet());
    keys.sort(numbers != null ? Comparator.comparing(numbers::get) : DesignMatrixBuilder::compareText);
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Object key : keys) {
      byName.put(numbers != null ? RNumbers.format(numbers.get(key)) : (String) key, key);
    }
    List<String> names = new ArrayList<>(byName.keySet());
    if (reference != null) {
      if (!names.remove(reference)) {
        throw new DesignMatrixException("reference level '" + reference + "' of " + label + " not found among its levels " + names);
      }
      names.add(0, reference);
    }
    levelKeys.put(label, byName);
    List<Long> counts = names.stream().map(n -> found.get(byName.get(n))).toList();
    return new FactorLevels(label, names, counts);
  }

  private static Double parseNumber(String text) {
    try {
      double value = Double.parseDouble(text);
      return Double.isFinite(value) ? value : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static int compareText(Object a, Object b) {
    return Arrays.compareUnsigned(((String) a).getBytes(StandardCharsets.UTF_8), ((String) b).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Bare text columns whose kind the data decides (a CSV read without a schema gives only
   * text), in one shuffle-free aggregation: numeric when at least one value parses as a
   * number, its other cells then being missing. Text columns used as factors (declared, or
   * in {@code factor()}) need no such pass: their levels sort as numbers afterwards when all
   * of them parse (see {@link #levels}).
   */
  private static Map<String, Boolean> inferTextColumns(Dataset<Row> data, Formula formula, DesignMatrixOptions options) {
    ColumnExpressions plain = new ColumnExpressions(data.schema(), Map.of());
    Set<String> candidates = new LinkedHashSet<>();
    if (formula.response() instanceof Response.Column c && !options.factorColumns().contains(c.column())) {
      candidates.add(c.column());
    }
    for (Variable v : formula.variables()) {
      if (v.kind() == Variable.Kind.COLUMN && !isDeclared(v, options)) {
        candidates.add(v.column());
      }
    }
    candidates.removeIf(c -> !plain.isText(c));
    Map<String, Boolean> result = new LinkedHashMap<>();
    if (candidates.isEmpty()) {
      return result;
    }
    List<Column> sums = candidates.stream().map(c -> sum(when(plain.number(c).isNotNull(), 1L).otherwise(0L))).toList();
    Row row;
    data.sparkSession().sparkContext().setJobDescription("design matrix: which text columns hold numbers");
    try {
      row = data.agg(sums.get(0), sums.subList(1, sums.size()).toArray(Column[]::new)).first();
    } finally {
      data.sparkSession().sparkContext().setJobDescription(null);
    }
    int i = 0;
    for (String c : candidates) {
      result.put(c, !row.isNullAt(i) && row.getLong(i) > 0);
      i++;
    }
    return result;
  }

  private static boolean isDeclared(Variable variable, DesignMatrixOptions options) {
    return options.factorColumns().contains(variable.column()) || options.factorColumns().contains(variable.label());
  }
}
