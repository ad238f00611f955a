package org.coprod.generate;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts of one source in one partition (mergeable): clean entity rows, lines written and
 * injected defects per {@link DirtKind}. Summed over partitions they form manifest.json.
 */
final class SourceStats implements Serializable {

  private static final long serialVersionUID = 1L;

  final String source;
  final int partition;
  long rows;
  long lines;
  final long[] injected = new long[DirtKind.values().length];

  SourceStats(String source, int partition) {
    this.source = source;
    this.partition = partition;
  }

  void add(SourceStats other) {
    rows += other.rows;
    lines += other.lines;
    for (int i = 0; i < injected.length; i++) {
      injected[i] += other.injected[i];
    }
  }

  Map<String, Object> toJson(Iterable<DirtKind> applicable) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rows", rows);
    json.put("lines", lines);
    Map<String, Object> kinds = new LinkedHashMap<>();
    for (DirtKind kind : applicable) {
      kinds.put(kind.key(), injected[kind.ordinal()]);
    }
    json.put("injected", kinds);
    return json;
  }
}
