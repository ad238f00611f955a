package org.coprod.generate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Platform accounts and their usage events. Whether a citizen has an account, whether a
 * respondent consented to linkage, and how active the account is all follow the latent
 * ICT co-production propensity of {@link TrueModel}: co-producers report, comment and vote,
 * others mostly log in and consult. Events span 15 months before to 3 months after the
 * citizen's interview date.
 */
final class PlatformModel {

  /** Platform users who were not interviewed, per respondent; they only appear in usage. */
  static final double NON_RESPONDENTS_PER_RESPONDENT = 0.5;

  /**
   * Events per account scale, calibrated by simulation (seed 1, 200k respondents) so that the
   * mean number of events per respondent, over all accounts, is {@code eventsPerCitizen}.
   */
  static final double EVENT_SCALE_PER_EVENT = 0.76;

  static final String[] CHANNELS = {"app", "web", "phone", "counter", "social"};
  static final String[] ACTIONS = {"report", "comment", "vote", "consult", "follow", "login"};
  static final String[] SERVICES = {"waste_collection", "street_lighting", "road_maintenance", "public_transport",
      "parks_green_spaces", "noise_nuisance", "social_services", "libraries", "participatory_budget",
      "urban_planning"};
  private static final double[] SERVICE_WEIGHTS = {18, 12, 16, 12, 10, 8, 6, 5, 7, 6};
  private static final double[] CHANNELS_ICT = {45, 35, 5, 5, 10};
  private static final double[] CHANNELS_TRADITIONAL = {20, 30, 25, 20, 5};
  private static final double[] CHANNELS_OTHER = {35, 40, 10, 5, 10};
  private static final double[] ACTIONS_COPRODUCER = {25, 20, 20, 12, 8, 15};
  private static final double[] ACTIONS_OTHER = {5, 3, 2, 30, 10, 50};
  private static final long DAY = 86_400L;
  static final int MAX_EVENTS_PER_ACCOUNT = 4_000;

  private PlatformModel() {}

  /** An account of one citizen: its id, whether it is linked, and its events' times. */
  record Account(String id, boolean linked, long[] times, SplittableRandom random) {}

  /** Account of citizen {@code c}, or {@code null} when the citizen has none. */
  static Account account(GeneratorConfig config, Citizen c) {
    SplittableRandom r = Rng.of(config.seed(), Rng.ACCOUNT, c.index);
    double pAccount = c.coprodIct == 1 ? 0.92 : c.deviceAccess == 1 ? 0.40 : 0.03;
    if (!Rng.bernoulli(r, pAccount)) {
      return null;
    }
    boolean respondent = c.index < config.citizens();
    boolean linked = respondent && Rng.bernoulli(r, 0.75);
    // Gamma(2) heterogeneity on top of the propensity: some accounts are far busier than others.
    double noise = -Math.log((1 - r.nextDouble()) * (1 - r.nextDouble())) / 2.0;
    double mean = EVENT_SCALE_PER_EVENT * config.eventsPerCitizen() * Math.exp(0.35 * c.etaIct)
        * (c.coprodIct == 1 ? 2.5 : 1.0) * noise;
    int count = Math.min(MAX_EVENTS_PER_ACCOUNT, 1 + Rng.poisson(r, mean));
    long start = c.interviewDate.atStartOfDay().toEpochSecond(ZoneOffset.UTC) - 456 * DAY;
    long span = 548 * DAY;
    long[] times = new long[count];
    for (int i = 0; i < count; i++) {
      times[i] = start + (long) (r.nextDouble() * span);
    }
    Arrays.sort(times);
    return new Account(accountId(config.seed(), c.index), linked, times, r);
  }

  /** Unique by construction: a keyed bijection of the citizen index. */
  static String accountId(long seed, long citizenIndex) {
    return "A" + hex12(Rng.mix48(seed, citizenIndex));
  }

  /** Unique by construction: a keyed bijection of (citizen index, event number). */
  static String eventId(long seed, long citizenIndex, int event) {
    return "E" + hex12(Rng.mix48(~seed, (citizenIndex << 12) | event));
  }

  /** Row key of an event for dirt decisions; unique per event. */
  static long eventKey(long citizenIndex, int event) {
    return (citizenIndex << 12) | event;
  }

  /** Values of event {@code i} of the account, in usage contract order. */
  static Object[] event(GeneratorConfig config, Geography geography, Citizen c, Account account, int i) {
    SplittableRandom r = account.random();
    double[] channels = c.coprodIct == 1 ? CHANNELS_ICT
        : c.coprodTraditional == 1 ? CHANNELS_TRADITIONAL : CHANNELS_OTHER;
    double[] actions = c.coprodIct == 1 ? ACTIONS_COPRODUCER : ACTIONS_OTHER;
    String channel = CHANNELS[Rng.categorical(r, channels)];
    String service = SERVICES[Rng.categorical(r, SERVICE_WEIGHTS)];
    String action = ACTIONS[Rng.categorical(r, actions)];
    // Most events concern the home neighbourhood; some are about places people pass through.
    int neighbourhood = Rng.bernoulli(r, 0.9) ? c.neighbourhood : r.nextInt(geography.neighbourhoodCount());
    return new Object[] {eventId(config.seed(), c.index, i), account.id(), Instant.ofEpochSecond(account.times()[i]),
        channel, service, action, geography.neighbourhood(neighbourhood).id()};
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static String hex12(long x) {
    char[] out = new char[12];
    for (int i = 11; i >= 0; i--) {
      out[i] = HEX[(int) (x & 0xF)];
      x >>>= 4;
    }
    return new String(out);
  }
}
