package org.coprod.model;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.try_divide;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.coprod.spec.formula.Expr;

/**
 * Translates formula expressions into Spark columns over one input schema. Every numeric
 * read goes through {@code try_cast}/{@code try_divide} so that, under Spark 4's ANSI mode, a
 * bad cell becomes a missing value instead of failing the job; a non-finite result (log of
 * 0, overflow) is treated as missing too, where R would keep it and let the fit fail.
 */
final class ColumnExpressions {

  private final StructType schema;
  /** For text columns read as numbers: whether the data says they are numeric (see DesignMatrixBuilder). */
  private final Map<String, Boolean> textIsNumeric;

  ColumnExpressions(StructType schema, Map<String, Boolean> textIsNumeric) {
    this.schema = schema;
    this.textIsNumeric = Map.copyOf(textIsNumeric);
  }

  static Column column(String name) {
    // Backquotes so that dots and spaces in names are not read as struct access.
    return col("`" + name.replace("`", "``") + "`");
  }

  DataType type(String name) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new DesignMatrixException("column " + name + " not found in the data (columns: " + String.join(", ", schema.fieldNames()) + ")");
    }
    return schema.apply(name).dataType();
  }

  boolean isText(String name) {
    return type(name) instanceof StringType;
  }

  boolean isBoolean(String name) {
    return type(name) instanceof BooleanType;
  }

  /** Whether a bare column is read as a number (numeric type, or text whose values are numbers). */
  boolean isNumeric(String name) {
    DataType type = type(name);
    return type instanceof NumericType || (type instanceof StringType && textIsNumeric.getOrDefault(name, false));
  }

  /** A column as a double; booleans as 0/1 like R. */
  Column number(String name) {
    DataType type = type(name);
    if (type instanceof NumericType || type instanceof BooleanType) {
      return column(name).cast(DataTypes.DoubleType);
    }
    if (type instanceof StringType) {
      return column(name).try_cast(DataTypes.DoubleType);
    }
    throw new DesignMatrixException("column " + name + " has type " + type.simpleString() + " and cannot be used as a number");
  }

  /** The value of a numeric expression (arithmetic of I(), log(), cbind() arguments). */
  Column numeric(Expr expr) {
    if (expr instanceof Expr.Name name) {
      return number(name.name());
    }
    if (expr instanceof Expr.Number number) {
      return lit(number.value());
    }
    if (expr instanceof Expr.Paren paren) {
      return numeric(paren.inner());
    }
    if (expr instanceof Expr.Unary unary) {
      Column operand = numeric(unary.operand());
      return unary.operator().equals("-") ? operand.multiply(-1.0) : operand;
    }
    if (expr instanceof Expr.Binary binary) {
      Column left = numeric(binary.left());
      Column right = numeric(binary.right());
      switch (binary.operator()) {
        case "+": return left.plus(right);
        case "-": return left.minus(right);
        case "*": return left.multiply(right);
        case "/": return try_divide(left, right);
        case "^": return pow(left, right);
        default: break;
      }
    }
    if (expr instanceof Expr.Call call && call.arguments().size() == 1) {
      Column argument = numeric(call.arguments().get(0));
      switch (call.function()) {
        case "I": return argument;
        case "log": return log(argument);
        case "exp": return exp(argument);
        case "sqrt": return sqrt(argument);
        case "abs": return abs(argument);
        case "log1p": return log1p(argument);
        default: break;
      }
    }
    // The parser admits only the cases above; reaching here is a programming error.
    throw new IllegalStateException("not a numeric expression: " + expr.deparse());
  }

  /** A comparison as text {@code TRUE}/{@code FALSE} (null when a side is missing), R's logical as a factor. */
  Column logical(Expr.Binary comparison) {
    Column left = numeric(comparison.left());
    Column right = numeric(comparison.right());
    Column test = switch (comparison.operator()) {
      case ">" -> left.gt(right);
      case ">=" -> left.geq(right);
      case "<" -> left.lt(right);
      case "<=" -> left.leq(right);
      case "==" -> left.equalTo(right);
      case "!=" -> left.notEqual(right);
      default -> throw new IllegalStateException("not a comparison: " + comparison.deparse());
    };
    Column missing = missingNumber(left).or(missingNumber(right));
    return when(missing, lit(null).cast(DataTypes.StringType)).when(test, lit("TRUE")).otherwise(lit("FALSE"));
  }

  /** Missing for a double: null, NaN or infinite. */
  static Column missingNumber(Column value) {
    return value.isNull().or(isnan(value)).or(abs(value).equalTo(lit(Double.POSITIVE_INFINITY)));
  }

  /**
   * A column as text for grouping and cluster identifiers and text factors: booleans as
   * R prints them ({@code TRUE}/{@code FALSE}), whole doubles without {@code .0}.
   */
  Column text(String name) {
    DataType type = type(name);
    Column c = column(name);
    if (type instanceof StringType) {
      return c;
    }
    if (type instanceof BooleanType) {
      return when(c, lit("TRUE")).when(c.equalTo(false), lit("FALSE"));
    }
    if (type == DataTypes.DoubleType || type == DataTypes.FloatType) {
      Column whole = c.equalTo(floor(c)).and(abs(c).lt(1e15));
      return when(missingNumber(c.cast(DataTypes.DoubleType)), lit(null).cast(DataTypes.StringType))
          .when(whole, c.cast(DataTypes.LongType).cast(DataTypes.StringType))
          .otherwise(c.cast(DataTypes.StringType));
    }
    return c.cast(DataTypes.StringType);
  }
}
