package org.coprod.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.SourceContract;

/**
 * A user-declared keyed table (job-spec section {@code tables:}) that attaches to neighbourhoods
 * or municipalities: e.g. population, deprivation scores or report counts per small area, each
 * from its own file. Ingest reads, validates and writes it like a source, against the contract
 * {@link #contract()}: the key column ({@code neighbourhood_id} or {@code municipality_id}),
 * required and unique, then the declared columns, typed and nullable.
 *
 * @param name table name: snake_case, not a source name, not quality or quarantine; also the
 *     folder of its clean table and the {@code source} of its quality and quarantine rows
 * @param attachesTo the level it attaches to
 * @param key the file column holding the neighbourhood or municipality id
 * @param input how its files are read and mapped (source = the table name; columns maps
 *     {@code key} to the key column; extraColumns are the declared columns)
 * @param fillAbsent the value the features stage gives the table's numeric columns for areas
 *     the table has no row for (e.g. 0 for counts published only where positive), or null to
 *     leave them missing; ingest does not use it
 */
public record TableSpec(String name, AttachesTo attachesTo, String key, InputSpec input, Double fillAbsent) {

  /** Where a table attaches: the source it references and the key column they share. */
  public enum AttachesTo {
    NEIGHBOURHOODS("neighbourhoods", "neighbourhood_id", "neighbourhood"),
    MUNICIPALITIES("municipalities", "municipality_id", "municipality");

    private final String source;
    private final String keyColumn;
    private final String grain;

    AttachesTo(String source, String keyColumn, String grain) {
      this.source = source;
      this.keyColumn = keyColumn;
      this.grain = grain;
    }

    /** The referenced source: neighbourhoods or municipalities. */
    public String source() {
      return source;
    }

    /** The key column, in the table and in the referenced source: neighbourhood_id or municipality_id. */
    public String keyColumn() {
      return keyColumn;
    }
  }

  public TableSpec {
    requireNonNull(name, "name is null");
    requireNonNull(attachesTo, "attachesTo is null");
    requireNonNull(key, "key is null");
    requireNonNull(input, "input is null");
    if (!input.source().equals(name)) {
      throw new IllegalArgumentException("input of table " + name + " is named " + input.source());
    }
    if (fillAbsent != null && !Double.isFinite(fillAbsent)) {
      throw new IllegalArgumentException("fillAbsent is not finite: " + fillAbsent);
    }
  }

  /** A table whose absent areas stay missing. */
  public TableSpec(String name, AttachesTo attachesTo, String key, InputSpec input) {
    this(name, attachesTo, key, input, null);
  }

  public String location() {
    return input.location();
  }

  /** The declared columns, in spec order (nullable). */
  public List<ColumnSpec> columns() {
    return input.extraColumns();
  }

  /** The table's contract: the key column, required and the unique key, then the declared columns. */
  public SourceContract contract() {
    ColumnSpec keyColumn = new ColumnSpec(attachesTo.keyColumn(), DataTypes.StringType, "-", List.of(), null, null,
        false, null, "References " + attachesTo.source() + "." + attachesTo.keyColumn() + " (file column " + key + ")");
    SourceContract base = new SourceContract(name, attachesTo.grain + " (table " + name + ")",
        List.of(attachesTo.keyColumn()), List.of(attachesTo.keyColumn()), List.of(keyColumn));
    return input.contract(base);
  }
}
