package org.coprod.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML mapping read with its path (e.g. {@code models[1]}), with typed getters that fail
 * with {@link SpecException} naming the key, the value and what was expected. {@link #finish()}
 * rejects keys that no getter asked for, so a typo is an error, not a silently ignored key.
 */
final class YamlNode {

  private final String path;
  private final Map<String, Object> values;
  private final Set<String> read = new TreeSet<>();

  YamlNode(String path, Object value) {
    this.path = path;
    if (!(value instanceof Map<?, ?> map)) {
      throw new SpecException(where() + "expected a mapping (key: value lines), got " + describe(value));
    }
    this.values = new LinkedHashMap<>();
    map.forEach((k, v) -> values.put(String.valueOf(k), v));
  }

  private String where() {
    return path.isEmpty() ? "" : path + ": ";
  }

  private String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  boolean has(String name) {
    read.add(name);
    return values.containsKey(name) && values.get(name) != null;
  }

  String string(String name, String fallback) {
    read.add(name);
    Object value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Map || value instanceof List) {
      throw new SpecException(key(name) + ": expected a text value, got " + describe(value));
    }
    return String.valueOf(value);
  }

  String requiredString(String name) {
    String value = string(name, null);
    if (value == null || value.isBlank()) {
      throw new SpecException(key(name) + ": required key is missing");
    }
    return value;
  }

  int integer(String name, int fallback, int min, int max) {
    read.add(name);
    Object value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new SpecException(key(name) + ": expected an integer " + min + ".." + max + ", got " + describe(value));
    }
    long number = ((Number) value).longValue();
    if (number < min || number > max) {
      throw new SpecException("invalid " + key(name) + ": " + number + " (must be " + min + ".." + max + ")");
    }
    return (int) number;
  }

  double number(String name, double fallback, double min, double max) {
    read.add(name);
    Object value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number number)) {
      throw new SpecException(key(name) + ": expected a number " + min + ".." + max + ", got " + describe(value));
    }
    double d = number.doubleValue();
    if (!(d >= min && d <= max)) {
      throw new SpecException("invalid " + key(name) + ": " + d + " (must be " + min + ".." + max + ")");
    }
    return d;
  }

  boolean bool(String name, boolean fallback) {
    read.add(name);
    Object value = values.get(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw new SpecException(key(name) + ": expected true or false, got " + describe(value));
    }
    return b;
  }

  <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    String value = string(name, null);
    if (value == null) {
      return fallback;
    }
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value)) {
        return constant;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(constant.name().toLowerCase(java.util.Locale.ROOT));
    }
    throw new SpecException("invalid " + key(name) + ": " + value + " (allowed: " + String.join(", ", allowed) + ")");
  }

  YamlNode child(String name) {
    read.add(name);
    Object value = values.get(name);
    return new YamlNode(key(name), value == null ? Map.of() : value);
  }

  List<YamlNode> children(String name) {
    read.add(name);
    Object value = values.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new SpecException(key(name) + ": expected a list, got " + describe(value));
    }
    List<YamlNode> nodes = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      nodes.add(new YamlNode(key(name) + "[" + i + "]", list.get(i)));
    }
    return nodes;
  }

  /** A mapping of text to text (e.g. factor reference levels). */
  Map<String, String> stringMap(String name) {
    YamlNode child = child(name);
    Map<String, String> result = new LinkedHashMap<>();
    child.values.forEach(
        (k, v) -> {
          if (v instanceof Map || v instanceof List || v == null) {
            throw new SpecException(child.key(k) + ": expected a text value, got " + describe(v));
          }
          result.put(k, String.valueOf(v));
        });
    child.read.addAll(child.values.keySet());
    return result;
  }

  List<String> stringList(String name) {
    read.add(name);
    Object value = values.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new SpecException(key(name) + ": expected a list, got " + describe(value));
    }
    return list.stream().map(String::valueOf).toList();
  }

  /** A text value or a list of text values (e.g. one date pattern or several), as a list. */
  List<String> stringOrList(String name) {
    read.add(name);
    Object value = values.get(name);
    if (value == null) {
      return List.of();
    }
    if (value instanceof Map) {
      throw new SpecException(key(name) + ": expected a text value or a list, got " + describe(value));
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item == null || item instanceof Map || item instanceof List) {
          throw new SpecException(key(name) + ": expected a list of text values, got " + describe(item) + " in it");
        }
      }
      return list.stream().map(String::valueOf).toList();
    }
    return List.of(String.valueOf(value));
  }

  /** Whether the value of {@code name} is a mapping (not a text value or a list). */
  boolean isMapping(String name) {
    return values.get(name) instanceof Map;
  }

  Set<String> keys() {
    return values.keySet();
  }

  /** Fails on any key that no getter asked for. */
  void finish() {
    for (String name : values.keySet()) {
      if (!read.contains(name)) {
        throw new SpecException(key(name) + ": unknown key (allowed: " + String.join(", ", read) + ")");
      }
    }
  }

  static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof List) {
      return "a list";
    }
    return "\"" + value + "\"";
  }
}
