package org.coprod.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Drives a headless Chromium from the command line, without a Java browser library: the
 * rendered DOM from {@code --dump-dom}, console messages from {@code --enable-logging=stderr}
 * (Chromium logs every console message, including CSP violations and uncaught errors, as a
 * {@code :CONSOLE} line), and a PNG from {@code --screenshot}. The binary is {@code $CHROMIUM}
 * or the first of chromium, chromium-browser, google-chrome on the PATH.
 */
final class HeadlessChromium {

  /** What a page load produced. */
  record Page(String dom, List<String> consoleMessages) {}

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  static Optional<HeadlessChromium> find() {
    List<String> candidates = new ArrayList<>();
    String configured = System.getenv("CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      candidates.add(configured);
    }
    candidates.addAll(List.of("chromium", "chromium-browser", "google-chrome"));
    String path = System.getenv().getOrDefault("PATH", "");
    for (String candidate : candidates) {
      if (candidate.contains("/")) {
        if (Files.isExecutable(Path.of(candidate))) {
          return Optional.of(new HeadlessChromium(Path.of(candidate)));
        }
        continue;
      }
      for (String dir : path.split(File.pathSeparator)) {
        Path file = Path.of(dir.isEmpty() ? "." : dir, candidate);
        if (Files.isExecutable(file)) {
          return Optional.of(new HeadlessChromium(file));
        }
      }
    }
    return Optional.empty();
  }

  /** Loads the file and returns the DOM after parsing and rendering, with the console messages. */
  Page load(Path html) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("coprod-chromium");
    Path out = work.resolve("dom.html");
    Path err = work.resolve("stderr.txt");
    List<String> command = baseCommand(work);
    command.addAll(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", html.toUri().toString()));
    run(command, out, err);
    List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
        .filter(line -> line.contains(":CONSOLE") || line.contains("Uncaught")).toList();
    return new Page(Files.readString(out, StandardCharsets.UTF_8), console);
  }

  /** Renders the page into a PNG of the given window size. */
  void screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("coprod-chromium");
    Files.createDirectories(png.toAbsolutePath().getParent());
    List<String> command = baseCommand(work);
    command.addAll(List.of("--hide-scrollbars", "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(),
        html.toUri().toString()));
    run(command, work.resolve("out.txt"), work.resolve("err.txt"));
  }

  private List<String> baseCommand(Path work) {
    // No network, no sandbox (CI runs as root), and a throw-away profile per call.
    return new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--no-default-browser-check", "--user-data-dir=" + work.resolve("profile")));
  }

  private static void run(List<String> command, Path out, Path err) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("chromium did not finish in 120 s: " + String.join(" ", command));
    }
    if (process.exitValue() != 0) {
      throw new IOException("chromium exited " + process.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
    }
  }

  /** Occurrences of a literal in a text. */
  static int count(String text, String literal) {
    int n = 0;
    for (int i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + literal.length())) {
      n++;
    }
    return n;
  }
}
