package org.coprod.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test helper: the files under a directory by relative name, and byte-for-byte comparison. */
final class FileTrees {

  private FileTrees() {}

  static Map<String, byte[]> read(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      Map<String, byte[]> files = new TreeMap<>();
      paths.filter(Files::isRegularFile).forEach(p -> {
        try {
          files.put(root.relativize(p).toString(), Files.readAllBytes(p));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertIdentical(Path expected, Path actual) {
    Map<String, byte[]> left = read(expected);
    Map<String, byte[]> right = read(actual);
    assertThat(right.keySet()).as("file names under %s", actual).containsExactlyElementsOf(left.keySet());
    left.forEach((name, bytes) -> assertThat(right.get(name)).as("bytes of %s", name).isEqualTo(bytes));
  }
}
