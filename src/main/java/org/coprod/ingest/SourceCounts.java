package org.coprod.ingest;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;

/**
 * Row counts of one source. Every row read is accepted, quarantined or dropped as an exact
 * duplicate: {@code read = accepted + quarantined + duplicatesDropped}, checked by
 * {@link #checkInvariant}.
 *
 * @param read data lines (or Parquet rows) read, blank lines and headers excluded
 * @param accepted rows written to the clean table
 * @param quarantined rows sent to quarantine
 * @param duplicatesDropped exact duplicates dropped
 * @param personalRemoved rows whose personal-data values were removed
 * @param failingRule per quarantining rule, quarantined rows failing it (a row may fail several)
 */
public record SourceCounts(
    long read, long accepted, long quarantined, long duplicatesDropped, long personalRemoved,
    Map<Rule, Long> failingRule) {

  public SourceCounts {
    requireNonNull(failingRule, "failingRule is null");
    EnumMap<Rule, Long> copy = new EnumMap<>(Rule.class);
    copy.putAll(failingRule);
    failingRule = java.util.Collections.unmodifiableMap(copy);
    if (read < 0 || accepted < 0 || quarantined < 0 || duplicatesDropped < 0 || personalRemoved < 0) {
      throw new IllegalArgumentException("negative count");
    }
  }

  /** Rows failing a rule (0 when none). */
  public long failing(Rule rule) {
    return failingRule.getOrDefault(rule, 0L);
  }

  /** Throws when rows were lost or invented between reading and classifying. */
  void checkInvariant(String source) {
    if (read != accepted + quarantined + duplicatesDropped) {
      throw new IllegalStateException("ingest invariant broken for " + source + ": read " + read + " != accepted "
          + accepted + " + quarantined " + quarantined + " + exact duplicates dropped " + duplicatesDropped);
    }
  }
}
