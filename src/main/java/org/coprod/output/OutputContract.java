package org.coprod.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The documented contract of the output tables: each table's schema (the {@code SCHEMA}
 * constants) with a meaning and unit for every column. {@link #markdown()} renders the
 * "Output tables" section of README ({@code docs/output-tables.md}); a test pins every
 * schema and checks that the file matches this class, so a column change is deliberate and
 * documented in the same commit.
 */
public final class OutputContract {

  /** One column's meaning; {@code unit} is empty where none applies. */
  public record Column(String name, String meaning, String unit) {
    public Column {
      Objects.requireNonNull(name, "name is null");
      Objects.requireNonNull(meaning, "meaning is null");
      Objects.requireNonNull(unit, "unit is null");
    }
  }

  /** One table: its folder name, grain, purpose, schema and column descriptions in schema order. */
  public record Table(String name, String grain, String purpose, StructType schema, List<Column> columns) {
    public Table {
      Objects.requireNonNull(name, "name is null");
      columns = List.copyOf(columns);
      List<String> documented = columns.stream().map(Column::name).toList();
      List<String> declared = List.of(schema.fieldNames());
      if (!documented.equals(declared)) {
        throw new IllegalArgumentException("table " + name + ": documented columns " + documented + " differ from the schema " + declared);
      }
    }
  }

  private OutputContract() {}

  /** Every documented table, in README order. */
  public static List<Table> tables() {
    return List.of(OutputTableDocs.factorEffects(), OutputTableDocs.modelFit(), OutputTableDocs.varianceComponents(),
        OutputTableDocs.groupEffects(), OutputTableDocs.divide(), OutputTableDocs.quality(), OutputTableDocs.quarantine());
  }

  /** Table name to schema, for readers that check column names (the report, notebook tests). */
  public static Map<String, StructType> schemas() {
    Map<String, StructType> schemas = new LinkedHashMap<>();
    tables().forEach(table -> schemas.put(table.name(), table.schema()));
    return schemas;
  }

  /** The "Output tables" section as GitHub markdown. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("## Output tables\n\n");
    out.append("Every run writes Parquet tables to `OUT/runs/<run_id>/<table>/` and a `manifest.json`; `OUT/latest` names the\n");
    out.append("last complete run. Every row carries `run_id`. Column names and types are a contract: readable by\n");
    out.append("pandas/pyarrow, DuckDB, R arrow and Spark, and pinned by a test (`OutputContractTest`). Log-odds are\n");
    out.append("natural-log odds; confidence intervals are Wald 95% intervals. This section is generated from\n");
    out.append("`org.coprod.output.OutputContract`; do not edit it by hand.\n");
    for (Table table : tables()) {
      out.append("\n### ").append(table.name()).append("\n\n");
      out.append("One row per ").append(table.grain()).append(". ").append(table.purpose()).append("\n\n");
      out.append("| column | type | nullable | meaning | unit |\n");
      out.append("|---|---|---|---|---|\n");
      for (int i = 0; i < table.columns().size(); i++) {
        Column column = table.columns().get(i);
        StructField field = table.schema().fields()[i];
        out.append("| `").append(column.name()).append("` | ").append(typeName(field.dataType())).append(" | ")
            .append(field.nullable() ? "yes" : "no").append(" | ").append(cell(column.meaning())).append(" | ")
            .append(cell(column.unit())).append(" |\n");
      }
    }
    return out.toString();
  }

  /** Parquet/Arrow-style type names, which is what non-Spark readers see. */
  static String typeName(DataType type) {
    if (type.equals(DataTypes.StringType)) {
      return "string";
    } else if (type.equals(DataTypes.DoubleType)) {
      return "double";
    } else if (type.equals(DataTypes.LongType)) {
      return "int64";
    } else if (type.equals(DataTypes.IntegerType)) {
      return "int32";
    } else if (type.equals(DataTypes.BooleanType)) {
      return "boolean";
    }
    return type.simpleString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
