package org.coprod.ingest.contract;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The contract of one input source: its grain, its key and its columns in file order.
 * Readers use {@link #schema()} instead of inferring types, so a file that does not match
 * is caught by validation rules rather than silently re-typed.
 *
 * @param name source name, also the folder name under a generated data root
 * @param grain what one row is
 * @param keyColumns required identifying and reference columns (must be present and non-empty)
 * @param uniqueKey columns whose combination must be unique; equal keys with different
 *     content are conflicting duplicates, equal whole rows are exact duplicates
 * @param columns every column, in the order the generator writes them
 */
public record SourceContract(
    String name, String grain, List<String> keyColumns, List<String> uniqueKey, List<ColumnSpec> columns)
    implements java.io.Serializable {

  public SourceContract {
    requireNonNull(name, "name is null");
    requireNonNull(grain, "grain is null");
    keyColumns = List.copyOf(requireNonNull(keyColumns, "keyColumns is null"));
    uniqueKey = List.copyOf(requireNonNull(uniqueKey, "uniqueKey is null"));
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    Set<String> names = new HashSet<>();
    for (ColumnSpec column : columns) {
      if (!names.add(column.name())) {
        throw new IllegalArgumentException("duplicate column " + column.name() + " in source " + name);
      }
    }
    for (String key : keyColumns) {
      if (!names.contains(key)) {
        throw new IllegalArgumentException("key column " + key + " is not a column of source " + name);
      }
    }
    if (!names.containsAll(uniqueKey) || uniqueKey.isEmpty()) {
      throw new IllegalArgumentException("invalid unique key " + uniqueKey + " for source " + name);
    }
  }

  /**
   * The explicit Spark schema of the source. Each field carries its unit and description in
   * the field metadata (keys {@code unit}, {@code description}) so that they travel with
   * the data into Parquet footers.
   */
  public StructType schema() {
    StructField[] fields = new StructField[columns.size()];
    for (int i = 0; i < fields.length; i++) {
      ColumnSpec column = columns.get(i);
      Metadata metadata = new org.apache.spark.sql.types.MetadataBuilder()
          .putString("unit", column.unit())
          .putString("description", column.description())
          .build();
      boolean nullable = column.nullable() && !keyColumns.contains(column.name());
      fields[i] = DataTypes.createStructField(column.name(), column.type(), nullable, metadata);
    }
    return DataTypes.createStructType(fields);
  }

  /** The schema without field metadata, for comparisons and plain readers. */
  public StructType plainSchema() {
    StructField[] fields = schema().fields();
    StructField[] plain = new StructField[fields.length];
    for (int i = 0; i < fields.length; i++) {
      plain[i] = DataTypes.createStructField(fields[i].name(), fields[i].dataType(), fields[i].nullable());
    }
    return DataTypes.createStructType(plain);
  }

  /**
   * This contract with further columns after its own: a user's typed covariates or outcomes
   * (an input's {@code extra_columns}, a table's {@code columns}). They are always nullable and
   * are validated, typed and written like the contract's own columns.
   *
   * @throws IllegalArgumentException when a name is already a column
   */
  public SourceContract withExtraColumns(List<ColumnSpec> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    List<ColumnSpec> all = new ArrayList<>(columns);
    extra.forEach(column -> all.add(column.asNullable()));
    return new SourceContract(name, grain, keyColumns, uniqueKey, all);
  }

  /**
   * This contract with the named columns nullable: columns a source does not have (an input's
   * {@code not_collected}), null in its clean table. Key columns cannot be left out.
   *
   * @throws IllegalArgumentException when a name is not a column or is a key column
   */
  public SourceContract withNotCollected(List<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    for (String column : names) {
      if (column(column).isEmpty()) {
        throw new IllegalArgumentException(column + " is not a column of source " + name);
      }
      if (keyColumns.contains(column)) {
        throw new IllegalArgumentException(column + " is a key column of source " + name + " and must be collected");
      }
    }
    List<ColumnSpec> all = columns.stream().map(c -> names.contains(c.name()) ? c.asNullable() : c).toList();
    return new SourceContract(name, grain, keyColumns, uniqueKey, all);
  }

  /** Column names in file order. */
  public List<String> columnNames() {
    return columns.stream().map(ColumnSpec::name).toList();
  }

  /** The column of that name, if the source has it. */
  public Optional<ColumnSpec> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }
}
