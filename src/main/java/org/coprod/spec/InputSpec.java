package org.coprod.spec;

import static java.util.Objects.requireNonNull;

/**
 * Where one source's files are: a path or glob on any Hadoop filesystem, and their format.
 *
 * @param location resolved path or URI (relative paths are resolved against the spec's folder)
 * @param format csv (with header), json (JSON Lines) or parquet
 * @param delimiter CSV field delimiter
 */
public record InputSpec(String source, String location, Format format, String delimiter) {

  public enum Format {
    CSV,
    JSON,
    PARQUET
  }

  public InputSpec {
    requireNonNull(source, "source is null");
    requireNonNull(location, "location is null");
    requireNonNull(format, "format is null");
    requireNonNull(delimiter, "delimiter is null");
  }
}
