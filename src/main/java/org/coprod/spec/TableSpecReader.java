package org.coprod.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.PersonalColumns;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.SourceContract;

/**
 * Reads the {@code tables:} section of a job spec: user-declared keyed tables that attach to
 * neighbourhoods or municipalities.
 *
 * <pre>
 * tables:
 *   population:
 *     path: ${data_root}/uk_imd/2019_population.csv
 *     format: csv                    # csv | json | parquet
 *     attaches_to: neighbourhoods    # neighbourhoods | municipalities
 *     key: lsoa                      # file column holding the id (default: neighbourhood_id / municipality_id)
 *     thousands_separator: ","       # and delimiter, encoding, null_values, formats, values, personal_columns
 *     fill_absent: 0                 # features: numeric columns of areas without a row (default: missing)
 *     columns:                       # as an input's extra_columns
 *       pop: {type: integer, min: 0, unit: persons, description: "mid-2019 population"}
 * </pre>
 */
final class TableSpecReader {

  /** Names a table cannot have: the sources, and the run's own tables beside them. */
  static final List<String> RESERVED = List.of("survey", "usage", "links", "neighbourhoods", "municipalities",
      "quality", "quarantine");

  private TableSpecReader() {}

  /** Every table of the section, in spec order. */
  static Map<String, TableSpec> read(YamlNode node, Path base, DataRoot dataRoot) {
    Map<String, TableSpec> tables = new LinkedHashMap<>();
    for (String name : List.copyOf(node.keys())) {
      String key = "tables." + name;
      if (!name.matches("[a-z][a-z0-9_]*")) {
        throw new SpecException("invalid " + key + ": " + name
            + " is not a snake_case name (lower-case letters, digits and _, starting with a letter)");
      }
      if (RESERVED.contains(name)) {
        throw new SpecException("invalid " + key + ": " + name + " is reserved (not allowed: "
            + String.join(", ", RESERVED) + ")");
      }
      if (!node.isMapping(name)) {
        throw new SpecException(key + ": expected a mapping with path, attaches_to, key and columns, got "
            + YamlNode.describe(node.string(name, null)));
      }
      YamlNode entry = node.child(name);
      tables.put(name, table(entry, name, key, base, dataRoot));
      entry.finish();
    }
    node.finish();
    return tables;
  }

  private static TableSpec table(YamlNode entry, String name, String key, Path base, DataRoot dataRoot) {
    String location = JobSpecReader.resolve(dataRoot.substitute(key + ".path", entry.requiredString("path")), base);
    JobSpecReader.checkLocalInputExists(key, location);
    InputSpec.Format format = entry.choice("format", InputSpec.Format.class, InputSpec.Format.CSV);
    if (!entry.has("attaches_to")) {
      throw new SpecException(key + ".attaches_to: required key is missing (allowed: neighbourhoods, municipalities)");
    }
    TableSpec.AttachesTo attachesTo = entry.choice("attaches_to", TableSpec.AttachesTo.class, null);
    String fileKey = entry.string("key", attachesTo.keyColumn());
    if (fileKey.isBlank()) {
      throw new SpecException("invalid " + key + ".key: empty (the file column holding the " + attachesTo.keyColumn()
          + ")");
    }
    InputOptionsReader.TextOptions text = InputOptionsReader.text(entry, key);
    List<String> personal = entry.stringList("personal_columns");
    PersonalColumns deny = new PersonalColumns(personal);
    if (deny.isPersonal(fileKey)) {
      throw new SpecException(key + ".key: " + fileKey + " is a personal-data column; personal data never reaches "
          + "an output");
    }
    List<ColumnDeclarations.Declared> declared = ColumnDeclarations.read(entry, "columns", key + ".columns",
        List.of(attachesTo.keyColumn()), "the key column of a table attached to " + attachesTo.source(), deny);
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put(fileKey, attachesTo.keyColumn());
    List<ColumnSpec> extra = new ArrayList<>();
    for (ColumnDeclarations.Declared d : declared) {
      extra.add(d.column());
      String from = d.from() == null ? d.column().name() : d.from();
      for (String existing : columns.keySet()) {
        if (existing.equalsIgnoreCase(from)) {
          String other = existing.equals(fileKey) && columns.get(existing).equals(attachesTo.keyColumn())
              ? key + ".key" : "the column " + columns.get(existing);
          throw new SpecException(key + ".columns." + d.column().name() + ": file column " + from
              + " is already read as " + other);
        }
      }
      columns.put(from, d.column().name());
    }
    Double fillAbsent = null;
    if (entry.has("fill_absent")) {
      fillAbsent = entry.number("fill_absent", 0, -Double.MAX_VALUE, Double.MAX_VALUE);
      if (extra.stream().noneMatch(c -> DataTypes.IntegerType.equals(c.type()) || DataTypes.DoubleType.equals(c.type()))) {
        throw new SpecException(key + ".fill_absent: the table has no integer or double column to fill");
      }
    }
    InputSpec input = new InputSpec(name, location, format, text.delimiter(), text.encoding(), columns, Map.of(),
        Map.of(), Map.of(), personal, null, text.nullValues(), text.thousandsSeparator(), List.of(), extra);
    SourceContract contract = new TableSpec(name, attachesTo, fileKey, input).contract();
    input = input.withValues(InputOptionsReader.values(entry, key, contract))
        .withFormatLists(InputOptionsReader.formats(entry, key, contract));
    return new TableSpec(name, attachesTo, fileKey, input, fillAbsent);
  }
}
