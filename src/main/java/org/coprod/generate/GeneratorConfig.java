package org.coprod.generate;

import static java.util.Objects.requireNonNull;

/**
 * Everything that determines the generated files. Two runs with equal configs write
 * byte-identical files whatever the Spark parallelism: partitioning follows
 * {@link #rowsPerPartition}, never the cluster.
 *
 * @param citizens number of survey respondents, 1..1e9
 * @param seed master seed
 * @param format output format
 * @param out output directory (any Hadoop filesystem URI or local path)
 * @param dirtyRate fraction of rows per source that receive one injected defect, 0..0.5
 * @param neighbourhoods number of neighbourhoods, 1..99999
 * @param municipalities number of municipalities, 1..min(9999, neighbourhoods)
 * @param waves number of survey waves, 1..10 (a repeated cross-section: one wave per respondent)
 * @param eventsPerCitizen target mean number of usage events per respondent (all accounts), 0..1000
 * @param rowsPerPartition respondents per generation partition and output file, 100..10,000,000
 */
public record GeneratorConfig(
    long citizens,
    long seed,
    OutputFormat format,
    String out,
    double dirtyRate,
    int neighbourhoods,
    int municipalities,
    int waves,
    double eventsPerCitizen,
    int rowsPerPartition) implements java.io.Serializable {

  public static final long MAX_CITIZENS = 1_000_000_000L;
  public static final int MAX_NEIGHBOURHOODS = 99_999;
  public static final int MAX_MUNICIPALITIES = 9_999;
  public static final int DEFAULT_ROWS_PER_PARTITION = 100_000;
  public static final double DEFAULT_EVENTS_PER_CITIZEN = 20.0;

  public GeneratorConfig {
    requireNonNull(format, "format is null");
    requireNonNull(out, "out is null");
    check(citizens >= 1 && citizens <= MAX_CITIZENS, "citizens", citizens, "1.." + MAX_CITIZENS);
    check(dirtyRate >= 0 && dirtyRate <= 0.5, "dirty-rate", dirtyRate, "0..0.5");
    check(neighbourhoods >= 1 && neighbourhoods <= MAX_NEIGHBOURHOODS, "neighbourhoods", neighbourhoods,
        "1.." + MAX_NEIGHBOURHOODS);
    int maxMunicipalities = Math.min(MAX_MUNICIPALITIES, neighbourhoods);
    check(municipalities >= 1 && municipalities <= maxMunicipalities, "municipalities", municipalities,
        "1.." + maxMunicipalities + ", at most the number of neighbourhoods");
    check(waves >= 1 && waves <= 10, "waves", waves, "1..10");
    check(eventsPerCitizen >= 0 && eventsPerCitizen <= 1000, "events-per-citizen", eventsPerCitizen, "0..1000");
    check(rowsPerPartition >= 100 && rowsPerPartition <= 10_000_000, "rows-per-partition", rowsPerPartition,
        "100..10000000");
    check(!out.isBlank(), "out", "\"\"", "a directory path");
  }

  /** A config with the defaults for everything but the four required settings. */
  public static GeneratorConfig of(long citizens, long seed, OutputFormat format, String out) {
    int neighbourhoods = defaultNeighbourhoods(citizens);
    return new GeneratorConfig(citizens, seed, format, out, 0.0, neighbourhoods,
        defaultMunicipalities(neighbourhoods), 2, DEFAULT_EVENTS_PER_CITIZEN, DEFAULT_ROWS_PER_PARTITION);
  }

  /** About 50 respondents per neighbourhood, between 20 and 20,000 neighbourhoods. */
  public static int defaultNeighbourhoods(long citizens) {
    return (int) Math.max(20, Math.min(20_000, citizens / 50));
  }

  /** About 8 neighbourhoods per municipality, at least 4 municipalities. */
  public static int defaultMunicipalities(int neighbourhoods) {
    return Math.min(neighbourhoods, Math.max(4, Math.min(2_000, neighbourhoods / 8)));
  }

  public GeneratorConfig withDirtyRate(double value) {
    return new GeneratorConfig(citizens, seed, format, out, value, neighbourhoods, municipalities, waves,
        eventsPerCitizen, rowsPerPartition);
  }

  /** Sets the neighbourhoods and, unless given later, the default municipalities for them. */
  public GeneratorConfig withNeighbourhoods(int value) {
    return new GeneratorConfig(citizens, seed, format, out, dirtyRate, value,
        defaultMunicipalities(Math.max(1, value)), waves, eventsPerCitizen, rowsPerPartition);
  }

  public GeneratorConfig withMunicipalities(int value) {
    return new GeneratorConfig(citizens, seed, format, out, dirtyRate, neighbourhoods, value, waves,
        eventsPerCitizen, rowsPerPartition);
  }

  public GeneratorConfig withWaves(int value) {
    return new GeneratorConfig(citizens, seed, format, out, dirtyRate, neighbourhoods, municipalities, value,
        eventsPerCitizen, rowsPerPartition);
  }

  public GeneratorConfig withEventsPerCitizen(double value) {
    return new GeneratorConfig(citizens, seed, format, out, dirtyRate, neighbourhoods, municipalities, waves,
        value, rowsPerPartition);
  }

  public GeneratorConfig withRowsPerPartition(int value) {
    return new GeneratorConfig(citizens, seed, format, out, dirtyRate, neighbourhoods, municipalities, waves,
        eventsPerCitizen, value);
  }

  public GeneratorConfig withOut(String value) {
    return new GeneratorConfig(citizens, seed, format, value, dirtyRate, neighbourhoods, municipalities, waves,
        eventsPerCitizen, rowsPerPartition);
  }

  public GeneratorConfig withFormat(OutputFormat value) {
    return new GeneratorConfig(citizens, seed, value, out, dirtyRate, neighbourhoods, municipalities, waves,
        eventsPerCitizen, rowsPerPartition);
  }

  public GeneratorConfig withSeed(long value) {
    return new GeneratorConfig(citizens, value, format, out, dirtyRate, neighbourhoods, municipalities, waves,
        eventsPerCitizen, rowsPerPartition);
  }

  /** Number of respondent partitions (and files per citizen-level source): from N only. */
  public int citizenPartitions() {
    return (int) ((citizens + rowsPerPartition - 1) / rowsPerPartition);
  }

  private static void check(boolean ok, String name, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException("invalid " + name + ": " + value + " (must be " + allowed + ")");
    }
  }
}
