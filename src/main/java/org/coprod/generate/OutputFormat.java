package org.coprod.generate;

import java.util.Locale;

/** File formats the generator writes (and coprod reads). */
public enum OutputFormat {
  /** Comma-separated, header line, UTF-8, no quoting unless a value needs it. */
  CSV("csv"),
  /** JSON Lines: one object per line, keys in contract order, missing keys for nulls. */
  JSON("json"),
  /** Parquet with the contract schema (snappy). */
  PARQUET("parquet");

  private final String extension;

  OutputFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  public boolean isText() {
    return this != PARQUET;
  }

  /** Parses {@code csv|json|parquet}, case-insensitively. */
  public static OutputFormat parse(String text) {
    for (OutputFormat format : values()) {
      if (format.extension.equals(text.toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    throw new IllegalArgumentException("invalid format: " + text + " (must be csv, json or parquet)");
  }
}
