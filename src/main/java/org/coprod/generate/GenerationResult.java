package org.coprod.generate;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What a generation wrote.
 *
 * @param out qualified output root
 * @param lines data lines (rows) written per source, defects included
 * @param injected injected defects per source, all kinds together
 * @param elapsedMillis wall time
 */
public record GenerationResult(String out, Map<String, Long> lines, Map<String, Long> injected, long elapsedMillis) {
  public GenerationResult {
    requireNonNull(out, "out is null");
    lines = Map.copyOf(lines);
    injected = Map.copyOf(injected);
  }

  /** Total lines over all sources. */
  public long totalLines() {
    return lines.values().stream().mapToLong(Long::longValue).sum();
  }
}
