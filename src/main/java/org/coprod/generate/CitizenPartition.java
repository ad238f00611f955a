package org.coprod.generate;

import org.coprod.ingest.contract.Contracts;

/**
 * The citizens of one generation partition and the rows they produce in survey, links and
 * usage. Partition p holds respondents {@code [p*R, min(N, (p+1)*R))} (R = rows per partition)
 * and a proportional slice of the non-respondent platform users, so the partitioning depends
 * on N and R only. Rows come out in a fixed order: by citizen index, then event time.
 */
final class CitizenPartition {

  private final GeneratorConfig config;
  private final Geography geography;
  private final TrueModel truth;
  private final long respondentEnd;
  private final long nonRespondentEnd;
  private long next;
  private final long nonRespondentStart;

  CitizenPartition(GeneratorConfig config, int partition) {
    this.config = config;
    this.truth = TrueModel.standard();
    this.geography = Geography.build(config, truth);
    long n = config.citizens();
    int partitions = config.citizenPartitions();
    long respondentStart = (long) partition * config.rowsPerPartition();
    this.respondentEnd = Math.min(n, respondentStart + config.rowsPerPartition());
    long nonRespondents = (long) Math.floor(n * PlatformModel.NON_RESPONDENTS_PER_RESPONDENT);
    this.nonRespondentStart = n + nonRespondents * partition / partitions;
    this.nonRespondentEnd = n + nonRespondents * (partition + 1) / partitions;
    this.next = respondentStart;
  }

  /** Where rows of each citizen-level source go; {@code null} skips a source. */
  record Sinks(DirtInjector survey, DirtInjector.RowSink surveyOut, DirtInjector links,
      DirtInjector.RowSink linksOut, DirtInjector usage, DirtInjector.RowSink usageOut) {}

  /** Generates the next citizen's rows; false when the partition is exhausted. */
  boolean next(Sinks sinks) {
    if (next == respondentEnd) {
      next = nonRespondentStart;
    }
    if (next >= nonRespondentEnd) {
      return false;
    }
    long index = next++;
    boolean respondent = index < config.citizens();
    Citizen citizen = Citizen.draw(config, geography, truth, index);
    if (respondent && sinks.survey() != null) {
      sinks.survey().emit(index, citizen.surveyValues(geography), sinks.surveyOut());
    }
    if (sinks.links() == null && sinks.usage() == null) {
      return true;
    }
    PlatformModel.Account account = PlatformModel.account(config, citizen);
    if (account == null) {
      return true;
    }
    if (account.linked() && sinks.links() != null) {
      sinks.links().emit(index, new Object[] {Citizen.respondentId(index), account.id()}, sinks.linksOut());
    }
    if (sinks.usage() != null) {
      for (int i = 0; i < account.times().length; i++) {
        Object[] event = PlatformModel.event(config, geography, citizen, account, i);
        sinks.usage().emit(PlatformModel.eventKey(index, i), event, sinks.usageOut());
      }
    }
    return true;
  }

  /** Rows of the neighbourhood table, with dirt. */
  static void neighbourhoods(GeneratorConfig config, DirtInjector dirt, DirtInjector.RowSink out) {
    Geography geography = Geography.build(config, TrueModel.standard());
    for (int k = 0; k < geography.neighbourhoodCount(); k++) {
      dirt.emit(k, geography.neighbourhood(k).values(), out);
    }
  }

  /** Rows of the municipality table, with dirt. */
  static void municipalities(GeneratorConfig config, DirtInjector dirt, DirtInjector.RowSink out) {
    Geography geography = Geography.build(config, TrueModel.standard());
    for (int m = 0; m < geography.municipalityCount(); m++) {
      dirt.emit(m, geography.municipality(m).values(), out);
    }
  }

  static String[] citizenSources() {
    return new String[] {Contracts.SURVEY.name(), Contracts.LINKS.name(), Contracts.USAGE.name()};
  }
}
