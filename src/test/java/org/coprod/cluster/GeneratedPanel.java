package org.coprod.cluster;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic random-intercept logit data set, big enough that a Laplace fit on a
 * two-executor cluster runs for several seconds: {@code y ~ x1 + x2 + region + (1 | g)} with
 * {@code u_g ~ N(0, 0.8²)}, β = (−0.5, 0.7, −0.4, 0.3 for region b, −0.2 for region c).
 * Rows are written group by group interleaved (row i belongs to group i mod groups), so every
 * group is spread over the whole file and the shuffle by group does real work.
 */
final class GeneratedPanel {

  private GeneratedPanel() {}

  static Path write(Path file, int rows, int groups, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(seed);
    double[] intercepts = new double[groups];
    for (int g = 0; g < groups; g++) {
      intercepts[g] = 0.8 * gaussian(random);
    }
    String[] regions = {"a", "b", "c"};
    double[] regionEffects = {0.0, 0.3, -0.2};
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write("y,x1,x2,region,g\n");
      for (int i = 0; i < rows; i++) {
        int g = i % groups;
        double x1 = gaussian(random);
        int x2 = random.nextDouble() < 0.4 ? 1 : 0;
        int region = (g * 7 + i / groups) % 3;
        double eta = -0.5 + 0.7 * x1 - 0.4 * x2 + regionEffects[region] + intercepts[g];
        int y = random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
        out.write(String.format(Locale.ROOT, "%d,%.6f,%d,%s,g%05d%n", y, x1, x2, regions[region], g));
      }
    }
    return file;
  }

  /**
   * The same data as a Parquet folder of {@code files} files with declared column types
   * (converted by DuckDB): Spark reads it without the schema-inference pass that a CSV needs,
   * and with one map task per file, so that the shuffle by group merges several map outputs
   * and the pooled fit's aggregation merges more than two partial sums, as on real data.
   */
  static Path writeParquet(Path folder, int rows, int groups, long seed, int files) throws IOException, java.sql.SQLException {
    Path csv = write(folder.resolveSibling(folder.getFileName() + ".csv"), rows, groups, seed);
    Files.createDirectories(folder);
    try (java.sql.Connection duckdb = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        java.sql.Statement statement = duckdb.createStatement()) {
      statement.execute("CREATE TABLE panel AS SELECT row_number() OVER () AS line, * FROM read_csv('" + csv.toAbsolutePath()
          + "', header = true, columns = {'y': 'DOUBLE', 'x1': 'DOUBLE', 'x2': 'DOUBLE', 'region': 'VARCHAR', 'g': 'VARCHAR'})");
      for (int part = 0; part < files; part++) {
        statement.execute("COPY (SELECT y, x1, x2, region, g FROM panel WHERE line % " + files + " = " + part + " ORDER BY line) TO '"
            + folder.resolve(String.format(Locale.ROOT, "part-%05d.parquet", part)).toAbsolutePath() + "' (FORMAT parquet)");
      }
    }
    Files.delete(csv);
    return folder;
  }

  /** Box–Muller, so the data depend on the seed only (not on a JDK's nextGaussian). */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
