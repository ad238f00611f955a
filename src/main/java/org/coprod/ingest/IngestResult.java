package org.coprod.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.coprod.spec.JobSpec;

/**
 * The outcome of {@link IngestStage#run}: per source (and declared table) the clean table and counts, and the
 * quality and quarantine tables, not yet written: the caller writes them into its run folder
 * (e.g. {@code TableWriter.write(run, "quality", result.quality())}) and then calls
 * {@link #release()} to free the cached rows they are computed from.
 */
public final class IngestResult {

  private final Map<String, SourceResult> sources;
  private final Dataset<Row> quality;
  private final Dataset<Row> quarantine;
  private final List<Dataset<Row>> cached;
  /** Deletes the files the cached rows may be computed from again. */
  private final Runnable deleteScratch;

  IngestResult(Map<String, SourceResult> sources, Dataset<Row> quality, Dataset<Row> quarantine,
      List<Dataset<Row>> cached, Runnable deleteScratch) {
    this.sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    this.quality = quality;
    this.quarantine = quarantine;
    this.cached = List.copyOf(cached);
    this.deleteScratch = deleteScratch;
  }

  /**
   * Every ingested dataset by name, in processing order: the sources (municipalities,
   * neighbourhoods, survey, links, usage, those the job has) and then the job's declared tables
   * ({@code tables:} in the spec, in spec order). A table's clean Parquet is at
   * {@code source(tableName).cleanPath()} ({@code <clean folder>/<table name>/}): its key column
   * ({@code neighbourhood_id} or {@code municipality_id}, see {@code TableSpec.attachesTo()})
   * and its declared columns.
   */
  public Map<String, SourceResult> sources() {
    return sources;
  }

  /** The source or declared table of that name. */
  public SourceResult source(String name) {
    SourceResult result = sources.get(name);
    if (result == null) {
      throw new NoSuchElementException("source not ingested: " + name + " (ingested: " + sources.keySet() + ")");
    }
    return result;
  }

  /** The declared tables only (a subset of {@link #sources()}), by name in spec order. */
  public Map<String, SourceResult> tables() {
    Map<String, SourceResult> tables = new LinkedHashMap<>();
    sources.forEach((name, result) -> {
      if (!JobSpec.SOURCES.contains(name)) {
        tables.put(name, result);
      }
    });
    return java.util.Collections.unmodifiableMap(tables);
  }

  /**
   * One row per source and rule plus a {@code TOTAL} row per source; columns source, rule_id,
   * rows_read, rows_accepted, rows_quarantined (rows failing that rule), rows_dropped (exact
   * duplicates), rows_cleaned (rows with personal data removed). See {@link QualityTables}.
   */
  public Dataset<Row> quality() {
    return quality;
  }

  /**
   * One row per quarantined row: source, file, line, offset, raw_record (contract columns only,
   * identifiers pseudonymised), rule_ids, reasons (every failed rule, in {@link Rule} order).
   */
  public Dataset<Row> quarantine() {
    return quarantine;
  }

  /** Frees the cached rows behind {@link #quarantine()}, and the scratch files they came from; call after writing it. */
  public void release() {
    cached.forEach(KeptRows::release);
    deleteScratch.run();
  }
}
