package org.coprod.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The outcome of {@link IngestStage#run}: per source the clean table and counts, and the
 * quality and quarantine tables, not yet written: the caller writes them into its run folder
 * (e.g. {@code TableWriter.write(run, "quality", result.quality())}) and then calls
 * {@link #release()} to free the cached rows they are computed from.
 */
public final class IngestResult {

  private final Map<String, SourceResult> sources;
  private final Dataset<Row> quality;
  private final Dataset<Row> quarantine;
  private final List<Dataset<Row>> cached;

  IngestResult(Map<String, SourceResult> sources, Dataset<Row> quality, Dataset<Row> quarantine,
      List<Dataset<Row>> cached) {
    this.sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    this.quality = quality;
    this.quarantine = quarantine;
    this.cached = List.copyOf(cached);
  }

  /** Per source name, in processing order (municipalities, neighbourhoods, survey, links, usage). */
  public Map<String, SourceResult> sources() {
    return sources;
  }

  public SourceResult source(String name) {
    SourceResult result = sources.get(name);
    if (result == null) {
      throw new NoSuchElementException("source not ingested: " + name + " (ingested: " + sources.keySet() + ")");
    }
    return result;
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

  /** Frees the cached rows behind {@link #quarantine()}; call after writing it. */
  public void release() {
    cached.forEach(Dataset::unpersist);
  }
}
