package org.coprod.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.coprod.ingest.contract.ColumnSpec;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/**
 * Decides, row by row and deterministically from (seed, source, row key), whether a row gets
 * a defect and which one, applies it and counts it. With a dirty rate of 0 it forwards rows
 * untouched.
 */
final class DirtInjector {

  /** Receives written rows; {@code truncate} asks the writer to cut the line short. */
  interface RowSink {
    /** {@code cut} in [0, 1) is where a truncated line is cut, relative to its middle third. */
    void accept(Object[] values, boolean truncate, double cut);
  }

  private static final String[] FIRST = {"María", "José", "Ana", "Luis", "Emma", "Oliver", "Zoë", "Jürgen", "Aïsha",
      "Noah", "Lucía", "Mohammed"};
  private static final String[] LAST = {"García", "Smith", "Müller", "Núñez", "Rossi", "Dubois", "Kowalski",
      "O'Brien", "Fernández", "Nguyen"};
  private static final String[] STREETS = {"Calle Mayor", "High Street", "Rue de la Paix", "Avenida de la Constitución",
      "Station Road", "Plaza España"};

  private final GeneratorConfig config;
  private final SourceContract contract;
  private final int sourceOrdinal;
  private final List<DirtKind> kinds;
  private final SourceStats stats;
  private final int width;

  DirtInjector(GeneratorConfig config, SourceContract contract, SourceStats stats) {
    this.config = config;
    this.contract = contract;
    this.sourceOrdinal = Contracts.all().indexOf(contract);
    this.kinds = applicableKinds(contract, config.format());
    this.stats = stats;
    this.width = writtenColumns(contract, config).size();
  }

  /** Kinds that make sense for this source in this format, in rule order. */
  static List<DirtKind> applicableKinds(SourceContract contract, OutputFormat format) {
    List<DirtKind> kinds = new ArrayList<>();
    for (DirtKind kind : DirtKind.values()) {
      if (kind.textOnly() && !format.isText()) {
        continue;
      }
      boolean applicable = switch (kind) {
        case BAD_ENCODING -> encodingColumn(contract) != null;
        case WRONG_TYPE -> !typedColumns(contract).isEmpty();
        case OUT_OF_RANGE -> !boundedColumns(contract).isEmpty();
        case ORPHAN_REFERENCE -> orphanColumn(contract) != null;
        case PERSONAL_DATA -> Contracts.SURVEY.equals(contract);
        default -> true;
      };
      if (applicable) {
        kinds.add(kind);
      }
    }
    return kinds;
  }

  /** Columns as written: the contract's, plus personal-data columns in dirty survey files. */
  static List<String> writtenColumns(SourceContract contract, GeneratorConfig config) {
    List<String> columns = new ArrayList<>(contract.columnNames());
    if (Contracts.SURVEY.equals(contract) && config.dirtyRate() > 0) {
      columns.addAll(Contracts.PERSONAL_DATA_COLUMNS);
    }
    return columns;
  }

  /** Emits a clean row and, if the dice say so, its defect. */
  void emit(long rowKey, Object[] clean, RowSink sink) {
    Object[] row = clean.length == width ? clean : Arrays.copyOf(clean, width);
    stats.rows++;
    if (config.dirtyRate() <= 0) {
      write(sink, row, false);
      return;
    }
    SplittableRandom r = Rng.of(config.seed(), Rng.DIRT + sourceOrdinal, rowKey);
    if (r.nextDouble() >= config.dirtyRate()) {
      write(sink, row, false);
      return;
    }
    DirtKind kind = kinds.get(r.nextInt(kinds.size()));
    stats.injected[kind.ordinal()]++;
    if (!kind.additive()) {
      mutate(kind, row, r);
      write(sink, row, false);
      return;
    }
    write(sink, row, false);
    Object[] copy = row.clone();
    switch (kind) {
      case MALFORMED_LINE -> {
        stats.lines++;
        sink.accept(copy, true, r.nextDouble());
      }
      case MISSING_KEY -> {
        copy[index(contract.keyColumns().get(r.nextInt(contract.keyColumns().size())))] = null;
        write(sink, copy, false);
      }
      case CONFLICTING_DUPLICATE -> {
        conflict(copy, r);
        write(sink, copy, false);
      }
      default -> write(sink, copy, false);
    }
  }

  private void write(RowSink sink, Object[] row, boolean truncate) {
    stats.lines++;
    sink.accept(row, truncate, 0.0);
  }

  private void mutate(DirtKind kind, Object[] row, SplittableRandom r) {
    switch (kind) {
      case BAD_ENCODING -> {
        String column = encodingColumn(contract);
        String value = Contracts.SURVEY.equals(contract) ? "jubilación" : "vía_pública";
        row[index(column)] = new RawValue(value, true);
      }
      case WRONG_TYPE -> {
        List<ColumnSpec> typed = typedColumns(contract);
        ColumnSpec column = typed.get(r.nextInt(typed.size()));
        row[index(column.name())] = new RawValue(wrongToken(column.type(), r), false);
      }
      case OUT_OF_RANGE -> {
        List<ColumnSpec> bounded = boundedColumns(contract);
        ColumnSpec column = bounded.get(r.nextInt(bounded.size()));
        row[index(column.name())] = outOfRange(column, r);
      }
      case ORPHAN_REFERENCE -> {
        String column = orphanColumn(contract);
        int unknown = 1 + r.nextInt(1000);
        row[index(column)] = switch (column) {
          case "neighbourhood_id" -> Geography.neighbourhoodId(config.neighbourhoods() + unknown);
          case "municipality_id" -> Geography.municipalityId(config.municipalities() + unknown);
          default -> Citizen.respondentId(config.citizens() + unknown);
        };
      }
      case PERSONAL_DATA -> personalData(row, r);
      default -> throw new IllegalStateException("not a mutating kind: " + kind);
    }
  }

  private void conflict(Object[] copy, SplittableRandom r) {
    List<ColumnSpec> candidates = contract.columns().stream()
        .filter(c -> !c.allowedValues().isEmpty() && !contract.uniqueKey().contains(c.name()))
        .toList();
    if (candidates.isEmpty()) {
      // links: the same respondent linked to a second account (one that has no events).
      copy[index("account_id")] = PlatformModel.accountId(config.seed(), (1L << 40) + r.nextInt(1 << 20));
      return;
    }
    ColumnSpec column = candidates.get(r.nextInt(candidates.size()));
    int i = index(column.name());
    String current = String.valueOf(copy[i]);
    List<String> others = column.allowedValues().stream().filter(v -> !v.equals(current)).toList();
    String value = others.get(r.nextInt(others.size()));
    copy[i] = DataTypes.IntegerType.equals(column.type()) ? (Object) Integer.valueOf(value) : value;
  }

  private void personalData(Object[] row, SplittableRandom r) {
    int base = contract.columns().size();
    String first = FIRST[r.nextInt(FIRST.length)];
    String last = LAST[r.nextInt(LAST.length)];
    int age = row[index("age")] instanceof Integer a ? a : 40;
    LocalDate interview = row[index("interview_date")] instanceof LocalDate d ? d : LocalDate.of(2026, 3, 1);
    row[base] = first + " " + last;
    String plain = java.text.Normalizer.normalize(first.charAt(0) + "." + last, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "");
    row[base + 1] = plain.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z.]", "")
        + r.nextInt(100) + "@example.org";
    row[base + 2] = String.format("+34 6%02d %03d %03d", r.nextInt(100), r.nextInt(1000), r.nextInt(1000));
    row[base + 3] = interview.minusYears(age).minusDays(1 + r.nextInt(364));
    row[base + 4] = (1 + r.nextInt(120)) + " " + STREETS[r.nextInt(STREETS.length)] + ", " + (1 + r.nextInt(9))
        + "º";
    row[base + 5] = String.format("%05d", 1000 + r.nextInt(50_000));
  }

  private Object outOfRange(ColumnSpec column, SplittableRandom r) {
    if (DataTypes.StringType.equals(column.type())) {
      return new String[] {"unknown", "n/a", "other", "X"}[r.nextInt(4)];
    }
    boolean above = column.max() != null && (column.min() == null || r.nextBoolean());
    double bound = above ? column.max() : column.min();
    double step = 1 + r.nextInt(column.max() != null && column.max() > 100 ? 100 : 5);
    double value = above ? bound + step : bound - step;
    return DataTypes.IntegerType.equals(column.type()) ? (Object) (int) value : (Object) value;
  }

  private static String wrongToken(DataType type, SplittableRandom r) {
    if (DataTypes.DateType.equals(type)) {
      return r.nextBoolean() ? "31/02/2025" : "yesterday";
    }
    if (DataTypes.TimestampType.equals(type)) {
      return r.nextBoolean() ? "yesterday" : "2025-13-45 25:61";
    }
    if (DataTypes.IntegerType.equals(type)) {
      return new String[] {"twelve", "n.a.", "3.5"}[r.nextInt(3)];
    }
    return new String[] {"n.a.", "1,5", "high"}[r.nextInt(3)];
  }

  private static List<ColumnSpec> typedColumns(SourceContract contract) {
    return contract.columns().stream()
        .filter(c -> !contract.keyColumns().contains(c.name()) && !DataTypes.StringType.equals(c.type()))
        .toList();
  }

  private static List<ColumnSpec> boundedColumns(SourceContract contract) {
    return contract.columns().stream()
        .filter(c -> !contract.keyColumns().contains(c.name()))
        .filter(c -> !c.allowedValues().isEmpty() || c.min() != null || c.max() != null)
        .toList();
  }

  private static String orphanColumn(SourceContract contract) {
    if (Contracts.SURVEY.equals(contract) || Contracts.USAGE.equals(contract)) {
      return "neighbourhood_id";
    }
    if (Contracts.NEIGHBOURHOODS.equals(contract)) {
      return "municipality_id";
    }
    return Contracts.LINKS.equals(contract) ? "respondent_id" : null;
  }

  private static String encodingColumn(SourceContract contract) {
    if (Contracts.SURVEY.equals(contract)) {
      return "employment";
    }
    return Contracts.USAGE.equals(contract) ? "service" : null;
  }

  private int index(String column) {
    return contract.columnNames().indexOf(column);
  }

  List<DirtKind> kinds() {
    return kinds;
  }
}
