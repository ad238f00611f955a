package org.coprod.model;

import static java.util.Objects.requireNonNull;

/**
 * How the response was read, for reports: {@code y} = successes and {@code trials} in the rows.
 *
 * @param label R's text of the response, e.g. {@code coprod_ict} or {@code cbind(k, n - k)}
 * @param kind how values map to successes
 * @param failure what counts as failure (the factor's first level, {@code 0}, {@code FALSE}); null for counts
 * @param success what counts as success; null for counts
 */
public record ResponseDescription(String label, Kind kind, String failure, String success) {

  /** Kinds of binomial response. */
  public enum Kind {
    /** Numeric column with values 0 and 1. */
    BINARY,
    /** Boolean column: TRUE is success. */
    BOOLEAN,
    /** Two-level factor: the first level (or the declared reference) is failure, as R's glm. */
    FACTOR,
    /** {@code cbind(successes, failures)}. */
    COUNTS
  }

  public ResponseDescription {
    requireNonNull(label, "label is null");
    requireNonNull(kind, "kind is null");
  }
}
