package org.coprod.spec;

/** Tells Hadoop URIs ({@code hdfs:}, {@code s3a:}, {@code file:}) from local paths, in one place. */
public final class Locations {

  private Locations() {}

  /** Whether {@code location} starts with a URI scheme (a Windows drive letter is not one). */
  public static boolean hasScheme(String location) {
    return location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !location.matches("^[A-Za-z]:\\\\.*");
  }
}
