package org.coprod.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * One member of the synthetic population: a survey respondent (index below N) or a platform
 * user who was not interviewed (index N and above). All attributes are drawn from
 * {@code Rng.of(seed, CITIZEN, index)} in a fixed order. Mutable fields for speed: a citizen
 * lives only inside one task.
 */
final class Citizen {

  static final String[] EDUCATION = {"low", "medium", "high"};
  static final String[] INCOME = {"q1", "q2", "q3", "q4", "q5"};
  static final String[] EMPLOYMENT = {"employed", "unemployed", "student", "retired", "inactive"};
  static final String[] INTERNET_USE = {"daily", "weekly", "less", "never"};
  private static final LocalDate LAST_WAVE_START = LocalDate.of(2026, 2, 1);

  long index;
  int neighbourhood;
  int wave;
  LocalDate interviewDate;
  double weight;
  int age;
  boolean female;
  int education;
  int incomeBand;
  int employment;
  int migrantBackground;
  boolean minorityLanguage;
  int trustLocal;
  int trustNational;
  int techAnxiety;
  int digitalSkills;
  int fearFaceToFaceLoss;
  int digitalTraining;
  int deviceAccess;
  int internetUse;
  int knowsCoproducers;
  int coprodIct;
  int coprodTraditional;
  double etaIct;

  /** Draws citizen {@code index}; the order of draws is part of the output contract of a seed. */
  static Citizen draw(GeneratorConfig config, Geography geography, TrueModel truth, long index) {
    SplittableRandom r = Rng.of(config.seed(), Rng.CITIZEN, index);
    Citizen c = new Citizen();
    c.index = index;
    // Equal allocation per neighbourhood, as multilevel surveys are designed; weights undo it.
    c.neighbourhood = r.nextInt(geography.neighbourhoodCount());
    Geography.Neighbourhood n = geography.neighbourhood(c.neighbourhood);
    Geography.Municipality m = geography.municipality(n.municipality());
    c.wave = 1 + r.nextInt(config.waves());
    c.interviewDate = LAST_WAVE_START.minusYears(config.waves() - c.wave).plusDays(r.nextInt(120));
    double expectedPerNeighbourhood = (double) config.citizens() / geography.neighbourhoodCount();
    c.weight = Rng.round(n.population() / expectedPerNeighbourhood * Math.exp(0.25 * Rng.normal(r)), 3);

    c.age = Rng.bernoulli(r, n.share65plus())
        ? 65 + (int) Math.min(35, Math.floor(-Math.log(1 - r.nextDouble()) * 10))
        : 16 + r.nextInt(49);
    c.female = Rng.bernoulli(r, 0.52);
    boolean old = c.age >= 65;
    double pHigh = Rng.clamp(n.shareTertiary() * (old ? 0.6 : 1.1), 0.02, 0.85);
    double pLow = Rng.clamp(0.25 + (old ? 0.2 : 0.0) - 0.3 * (n.shareTertiary() - 0.3), 0.05, 0.95 - pHigh);
    c.education = Rng.categorical(r, pLow, 1 - pLow - pHigh, pHigh);
    c.migrantBackground = Rng.bernoulli(r, Rng.clamp(1.3 * n.shareForeignBorn(), 0, 0.9)) ? 1 : 0;
    c.minorityLanguage = Rng.bernoulli(r, c.migrantBackground == 1 ? 0.55 : 0.03);
    c.employment = employment(r, c.age, c.education, n.deprivationIndex());
    double incomeScore = 0.7 * (c.education - 1) - 0.4 * n.deprivationIndex()
        + (c.employment == 0 ? 0.5 : -0.3) + Rng.normal(r);
    int band = Rng.clamp(Math.round(2 + 1.1 * incomeScore), 0, 4);
    c.incomeBand = Rng.bernoulli(r, 0.04) ? -1 : band;

    double age10 = (c.age - 50) / 10.0;
    c.trustLocal = Rng.clamp(Math.round(5.4 + 0.6 * m.trustProgramme() - 0.3 * n.deprivationIndex()
        - (c.minorityLanguage ? 0.3 : 0) + 1.9 * Rng.normal(r)), 0, 10);
    c.trustNational = Rng.clamp(Math.round(0.6 * c.trustLocal + 1.6 + 1.6 * Rng.normal(r)), 0, 10);
    c.digitalTraining = Rng.bernoulli(r, 0.08 + 0.17 * m.citizenTrainingProgramme() + (c.age > 60 ? 0.05 : 0))
        ? 1 : 0;
    c.digitalSkills = Rng.clamp(Math.round(3.2 - 0.45 * age10 + 0.4 * (c.education - 1)
        + 0.3 * c.digitalTraining + 0.9 * Rng.normal(r)), 1, 5);
    c.techAnxiety = Rng.clamp(Math.round(2.6 + 0.25 * age10 - 0.35 * (c.digitalSkills - 3)
        + 0.8 * Rng.normal(r)), 1, 5);
    c.fearFaceToFaceLoss = Rng.clamp(Math.round(2.8 + 0.25 * age10 + (c.minorityLanguage ? 0.2 : 0)
        + 0.9 * Rng.normal(r)), 1, 5);
    c.deviceAccess = Rng.bernoulli(r, Rng.logistic(2.6 - 0.6 * age10 + 0.4 * (c.education - 1)
        - 0.3 * n.deprivationIndex())) ? 1 : 0;
    c.internetUse = c.deviceAccess == 0
        ? (Rng.bernoulli(r, 0.7) ? 3 : 2)
        : Rng.categorical(r, Math.exp(0.8 * c.digitalSkills), 6.0, 3.0, 0.5);
    c.knowsCoproducers = Rng.bernoulli(r, Rng.logistic(-0.9 + 0.1 * (c.trustLocal - 5)
        + 0.3 * (c.education - 1))) ? 1 : 0;

    double[] x = TrueModel.features(c, n, m);
    c.etaIct = TrueModel.linearPredictor(truth.ict(), x) + n.effectIct() + m.effectIct();
    double etaTraditional = TrueModel.linearPredictor(truth.traditional(), x) + n.effectTraditional()
        + m.effectTraditional();
    c.coprodIct = Rng.bernoulli(r, Rng.logistic(c.etaIct)) ? 1 : 0;
    c.coprodTraditional = Rng.bernoulli(r, Rng.logistic(etaTraditional)) ? 1 : 0;
    return c;
  }

  private static int employment(SplittableRandom r, int age, int education, double deprivation) {
    if (age >= 67) {
      return Rng.bernoulli(r, 0.9) ? 3 : 4;
    }
    if (age < 24) {
      return Rng.categorical(r, 0.30, 0.10, 0.60, 0.0, 0.0);
    }
    double unemployed = Math.max(0.02, 0.07 + 0.03 * deprivation - 0.02 * (education - 1));
    return Rng.categorical(r, 0.72 + 0.05 * (education - 1), unemployed, 0.03, age > 60 ? 0.2 : 0.01, 0.12);
  }

  static String respondentId(long index) {
    return String.format("R%09d", index + 1);
  }

  /** Survey row values in contract column order. */
  Object[] surveyValues(Geography geography) {
    return new Object[] {
      respondentId(index), wave, geography.neighbourhood(neighbourhood).id(), interviewDate, weight, age,
      female ? "female" : "male", EDUCATION[education], incomeBand < 0 ? null : INCOME[incomeBand],
      EMPLOYMENT[employment], migrantBackground, minorityLanguage ? "minority" : "majority", trustLocal,
      trustNational, techAnxiety, digitalSkills, fearFaceToFaceLoss, digitalTraining, deviceAccess,
      INTERNET_USE[internetUse], knowsCoproducers, coprodIct, coprodTraditional
    };
  }
}
