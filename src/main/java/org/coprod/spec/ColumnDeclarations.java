package org.coprod.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.PersonalColumns;
import org.coprod.ingest.contract.ColumnSpec;

/**
 * Reads the user's own typed columns: an input's {@code extra_columns} and a table's
 * {@code columns}. Each becomes a nullable {@link ColumnSpec}, validated by ingest like a
 * contract column (type, range).
 *
 * <pre>
 * extra_columns:
 *   contacted: {from: contplt, type: integer, min: 0, max: 1, unit: "0/1", description: "contacted an official"}
 *   region_name: string            # short form: the type only; from defaults to the name
 * </pre>
 */
final class ColumnDeclarations {

  /** Types a declared column may have, as written in the spec. */
  enum Type {
    INTEGER(DataTypes.IntegerType),
    DOUBLE(DataTypes.DoubleType),
    STRING(DataTypes.StringType),
    DATE(DataTypes.DateType),
    TIMESTAMP(DataTypes.TimestampType),
    BOOLEAN(DataTypes.BooleanType);

    final DataType spark;

    Type(DataType spark) {
      this.spark = spark;
    }

    boolean numeric() {
      return this == INTEGER || this == DOUBLE;
    }

    static String allowed() {
      List<String> names = new ArrayList<>();
      for (Type type : values()) {
        names.add(type.name().toLowerCase(Locale.ROOT));
      }
      return String.join(", ", names);
    }
  }

  /**
   * One declared column.
   *
   * @param column its contract form (nullable)
   * @param from the file column it is read from, or null when that is its own name
   */
  record Declared(ColumnSpec column, String from) {}

  private ColumnDeclarations() {}

  /**
   * The columns declared under {@code parent.name}.
   *
   * @param key the spec key of the section, for messages (e.g. {@code inputs.survey.extra_columns})
   * @param taken names the declared columns must not have (the contract's columns), with why
   * @param personal the deny-list: neither a name nor a {@code from} may be personal data
   */
  static List<Declared> read(YamlNode parent, String name, String key, Collection<String> taken, String takenWhy,
      PersonalColumns personal) {
    YamlNode node = parent.child(name);
    List<Declared> declared = new ArrayList<>();
    for (String column : List.copyOf(node.keys())) {
      String where = key + "." + column;
      if (!column.matches("[a-z][a-z0-9_]*")) {
        throw new SpecException("invalid " + where + ": " + column
            + " is not a snake_case name (lower-case letters, digits and _, starting with a letter)");
      }
      if (taken.contains(column)) {
        throw new SpecException(where + ": " + column + " is already " + takenWhy);
      }
      if (personal.isPersonal(column)) {
        throw new SpecException(where + ": " + column + " is a personal-data name (deny-list or personal_columns);"
            + " personal data never reaches an output");
      }
      declared.add(node.isMapping(column) ? full(node.child(column), where, column, personal)
          : new Declared(column(column, type(node.string(column, null), where + ".type"), null, null, "-", "", where),
              null));
    }
    node.finish();
    return declared;
  }

  private static Declared full(YamlNode entry, String where, String name, PersonalColumns personal) {
    String from = entry.string("from", null);
    if (from != null && from.isBlank()) {
      throw new SpecException("invalid " + where + ".from: empty (give the file column, or leave from out)");
    }
    if (from != null && personal.isPersonal(from)) {
      throw new SpecException(where + ".from: " + from + " is a personal-data column (deny-list or "
          + "personal_columns); personal data never reaches an output");
    }
    Type type = type(entry.string("type", null), where + ".type");
    Double min = entry.has("min") ? entry.number("min", 0, -Double.MAX_VALUE, Double.MAX_VALUE) : null;
    Double max = entry.has("max") ? entry.number("max", 0, -Double.MAX_VALUE, Double.MAX_VALUE) : null;
    if ((min != null || max != null) && !type.numeric()) {
      throw new SpecException(where + ": min and max need type integer or double (type is "
          + type.name().toLowerCase(Locale.ROOT) + ")");
    }
    if (min != null && max != null && min > max) {
      throw new SpecException("invalid " + where + ": min " + number(min) + " is above max " + number(max));
    }
    String unit = entry.string("unit", "-");
    String description = entry.string("description", "");
    entry.finish();
    return new Declared(column(name, type, min, max, unit, description, where), from);
  }

  private static Type type(String text, String where) {
    if (text == null) {
      throw new SpecException(where + ": required key is missing (allowed: " + Type.allowed() + ")");
    }
    for (Type type : Type.values()) {
      if (type.name().equalsIgnoreCase(text)) {
        return type;
      }
    }
    throw new SpecException("invalid " + where + ": " + text + " (allowed: " + Type.allowed() + ")");
  }

  private static ColumnSpec column(String name, Type type, Double min, Double max, String unit, String description,
      String where) {
    String format = type == Type.DATE ? ColumnSpec.DATE_FORMAT
        : type == Type.TIMESTAMP ? ColumnSpec.TIMESTAMP_FORMAT : null;
    try {
      return new ColumnSpec(name, type.spark, unit, List.of(), min, max, true, format, description);
    } catch (IllegalArgumentException e) {
      throw new SpecException("invalid " + where + ": " + e.getMessage());
    }
  }

  private static String number(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }
}
