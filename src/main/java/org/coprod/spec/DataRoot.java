package org.coprod.spec;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder (or URI) that input and table paths may start from, written {@code ${data_root}}
 * in them. Precedence: the environment variable {@value #ENVIRONMENT} when set (a relative
 * path is taken from the working directory), then the spec's top-level {@code data_root} (a
 * relative path is taken from the spec's folder, like every path of a spec), else none: a path
 * that uses {@code ${data_root}} is then an error.
 *
 * @param location the resolved root without a trailing slash, or null when neither is set
 * @param origin where it came from ({@code data_root} or the environment variable), for messages
 */
record DataRoot(String location, String origin) {

  static final String ENVIRONMENT = "COPROD_DATA_ROOT";
  static final String PLACEHOLDER = "${data_root}";
  private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  /** The root from the environment or the spec's value (or null). */
  static DataRoot of(String specValue, Path base, Function<String, String> environment) {
    String fromEnvironment = environment.apply(ENVIRONMENT);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      String location = Locations.hasScheme(fromEnvironment) ? fromEnvironment
          : Path.of(fromEnvironment).toAbsolutePath().normalize().toString();
      return new DataRoot(trimSlash(location), "environment variable " + ENVIRONMENT);
    }
    if (specValue == null) {
      return new DataRoot(null, null);
    }
    if (specValue.isBlank() || specValue.contains("${")) {
      throw new SpecException("invalid data_root: \"" + specValue + "\" (a path or URI, without placeholders)");
    }
    return new DataRoot(trimSlash(JobSpecReader.resolve(specValue, base)), "data_root");
  }

  /** {@code path} with {@code ${data_root}} replaced; fails naming {@code key} for any other or an unset root. */
  String substitute(String key, String path) {
    Matcher matcher = ANY_PLACEHOLDER.matcher(path);
    while (matcher.find()) {
      if (!matcher.group().equals(PLACEHOLDER)) {
        throw new SpecException(key + ": unknown placeholder " + matcher.group() + " in " + path + " (allowed: "
            + PLACEHOLDER + ")");
      }
      if (location == null) {
        throw new SpecException(key + ": " + path + " uses " + PLACEHOLDER + ", but neither data_root nor the "
            + "environment variable " + ENVIRONMENT + " is set");
      }
    }
    return location == null ? path : path.replace(PLACEHOLDER, location);
  }

  private static String trimSlash(String location) {
    String trimmed = location;
    while (trimmed.length() > 1 && trimmed.endsWith("/") && !trimmed.endsWith(":/") && !trimmed.endsWith("//")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }
}
