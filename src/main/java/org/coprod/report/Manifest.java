package org.coprod.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A run's manifest.json flattened to (key path, value) pairs for display, e.g.
 * {@code counts.survey.rows_read = 20000}. Its schema belongs to the pipeline, not to the
 * report, so any JSON is shown; at most {@link #MAX_ENTRIES} entries and long values are
 * shortened. Jackson comes with Spark. A missing or unreadable manifest is reported, not thrown.
 */
record Manifest(List<Map.Entry<String, String>> entries, String problem) {

  static final int MAX_ENTRIES = 300;
  static final int MAX_VALUE_CHARS = 300;

  static Manifest read(FileSystem fileSystem, Path path) {
    try {
      if (!fileSystem.exists(path)) {
        return new Manifest(List.of(), "no manifest.json in the run folder");
      }
      JsonNode root;
      try (InputStream in = fileSystem.open(path)) {
        root = new ObjectMapper().readTree(in);
      }
      List<Map.Entry<String, String>> entries = new ArrayList<>();
      int[] omitted = {0};
      flatten("", root, entries, omitted);
      return new Manifest(entries, omitted[0] == 0 ? null : omitted[0] + " further manifest entries not shown");
    } catch (IOException e) {
      return new Manifest(List.of(), "manifest.json could not be read: " + e.getMessage());
    }
  }

  private static void flatten(String prefix, JsonNode node, List<Map.Entry<String, String>> out, int[] omitted) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out, omitted);
      }
    } else if (node.isArray() && node.size() > 0 && !allScalars(node)) {
      for (int i = 0; i < node.size(); i++) {
        flatten(prefix + "[" + i + "]", node.get(i), out, omitted);
      }
    } else if (out.size() >= MAX_ENTRIES) {
      omitted[0]++;
    } else {
      String value = node.isTextual() ? node.asText() : node.toString();
      if (value.length() > MAX_VALUE_CHARS) {
        value = value.substring(0, MAX_VALUE_CHARS - 1) + "…";
      }
      out.add(new SimpleImmutableEntry<>(prefix.isEmpty() ? "(manifest)" : prefix, value));
    }
  }

  private static boolean allScalars(JsonNode array) {
    for (JsonNode element : array) {
      if (element.isContainerNode()) {
        return false;
      }
    }
    return true;
  }
}
