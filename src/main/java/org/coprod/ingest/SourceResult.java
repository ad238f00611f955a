package org.coprod.ingest;

import static java.util.Objects.requireNonNull;

/**
 * What ingest made of one source.
 *
 * @param source source name
 * @param cleanPath the clean Parquet table (contract schema; usage partitioned by {@code month})
 * @param counts rows read, accepted, quarantined and dropped
 */
public record SourceResult(String source, String cleanPath, SourceCounts counts) {
  public SourceResult {
    requireNonNull(source, "source is null");
    requireNonNull(cleanPath, "cleanPath is null");
    requireNonNull(counts, "counts is null");
  }
}
