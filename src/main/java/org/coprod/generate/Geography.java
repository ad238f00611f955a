package org.coprod.generate;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Municipalities and neighbourhoods of the synthetic population, with their true random
 * intercepts. Each unit is a pure function of (seed, index), so every Spark task can rebuild
 * the (small) tables it needs instead of receiving them from the driver.
 */
final class Geography implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Government-side attributes of one municipality and its true random intercepts. */
  record Municipality(
      int index,
      String id,
      double digitalBudgetPerCapita,
      double shareStaffTrained,
      int eserviceMaturity,
      int regulationAdapted,
      int lowCostSolutions,
      double staffResistance,
      int trustProgramme,
      int citizenTrainingProgramme,
      double urbanShare,
      double effectIct,
      double effectTraditional) implements Serializable {

    Object[] values() {
      return new Object[] {id, digitalBudgetPerCapita, shareStaffTrained, eserviceMaturity, regulationAdapted,
          lowCostSolutions, staffResistance, trustProgramme, citizenTrainingProgramme};
    }
  }

  /** Census attributes of one neighbourhood and its true random intercepts. */
  record Neighbourhood(
      int index,
      String id,
      int municipality,
      String municipalityId,
      int population,
      double areaKm2,
      double medianIncome,
      double deprivationIndex,
      double share65plus,
      double shareForeignBorn,
      double shareTertiary,
      double broadbandCoverage,
      int urban,
      double effectIct,
      double effectTraditional) implements Serializable {

    Object[] values() {
      return new Object[] {id, municipalityId, population, areaKm2, medianIncome, deprivationIndex,
          share65plus, shareForeignBorn, shareTertiary, broadbandCoverage, urban};
    }
  }

  private final Municipality[] municipalities;
  private final Neighbourhood[] neighbourhoods;

  private Geography(Municipality[] municipalities, Neighbourhood[] neighbourhoods) {
    this.municipalities = municipalities;
    this.neighbourhoods = neighbourhoods;
  }

  /** Builds every unit; cost is linear in the number of units (at most ~10^5), not in citizens. */
  static Geography build(GeneratorConfig config, TrueModel truth) {
    Municipality[] municipalities = new Municipality[config.municipalities()];
    for (int m = 0; m < municipalities.length; m++) {
      municipalities[m] = municipality(config.seed(), m, truth);
    }
    Neighbourhood[] neighbourhoods = new Neighbourhood[config.neighbourhoods()];
    for (int k = 0; k < neighbourhoods.length; k++) {
      int m = (int) ((long) k * municipalities.length / neighbourhoods.length);
      neighbourhoods[k] = neighbourhood(config.seed(), k, municipalities[m], truth);
    }
    return new Geography(municipalities, neighbourhoods);
  }

  static String municipalityId(int index) {
    return String.format("M%04d", index + 1);
  }

  static String neighbourhoodId(int index) {
    return String.format("N%05d", index + 1);
  }

  Municipality municipality(int index) {
    return municipalities[index];
  }

  Neighbourhood neighbourhood(int index) {
    return neighbourhoods[index];
  }

  int municipalityCount() {
    return municipalities.length;
  }

  int neighbourhoodCount() {
    return neighbourhoods.length;
  }

  private static Municipality municipality(long seed, int m, TrueModel truth) {
    SplittableRandom r = Rng.of(seed, Rng.MUNICIPALITY, m);
    double budgetZ = Rng.normal(r);
    double budget = Rng.round(Rng.clamp(3.0 * Math.exp(0.45 * budgetZ), 0.2, 30.0), 2);
    // Richer digital budgets go with better-trained staff and more mature e-services.
    double trained = Rng.round(Rng.clamp(0.45 + 0.06 * budgetZ + 0.17 * Rng.normal(r), 0.02, 0.98), 4);
    int maturity = Rng.clamp(Math.round(3.0 + 0.6 * budgetZ + 0.8 * Rng.normal(r)), 1, 5);
    int regulation = Rng.bernoulli(r, 0.45) ? 1 : 0;
    int lowCost = Rng.bernoulli(r, 0.40) ? 1 : 0;
    double resistance = Rng.round(Rng.clamp(3.0 - 1.5 * (trained - 0.45) + 0.6 * Rng.normal(r), 1.0, 5.0), 2);
    int trust = Rng.bernoulli(r, 0.35) ? 1 : 0;
    int training = Rng.bernoulli(r, 0.40) ? 1 : 0;
    double urbanShare = Rng.clamp(0.5 + 0.25 * Rng.normal(r), 0.05, 0.95);
    double effectIct = truth.ict().municipalitySd() * Rng.normal(r);
    double effectTraditional = truth.traditional().municipalitySd() * Rng.normal(r);
    return new Municipality(m, municipalityId(m), budget, trained, maturity, regulation, lowCost, resistance, trust, training,
        urbanShare, effectIct, effectTraditional);
  }

  private static Neighbourhood neighbourhood(long seed, int k, Municipality municipality, TrueModel truth) {
    SplittableRandom r = Rng.of(seed, Rng.NEIGHBOURHOOD, k);
    int urban = Rng.bernoulli(r, municipality.urbanShare()) ? 1 : 0;
    int population = urban == 1 ? 3_000 + r.nextInt(12_000) : 500 + r.nextInt(4_500);
    double density = urban == 1 ? 4_000 + 10_000 * r.nextDouble() : 50 + 450 * r.nextDouble();
    double area = Rng.round(Math.max(0.05, population / density), 2);
    double deprivation = Rng.round(Rng.clamp(Rng.normal(r), -4.5, 4.5), 3);
    double income = Rng.round(Rng.clamp(24 - 4 * deprivation + 2 * Rng.normal(r), 8, 120), 1);
    double old = Rng.round(Rng.clamp(0.20 + (urban == 1 ? -0.03 : 0.04) + 0.05 * Rng.normal(r), 0.03, 0.6), 4);
    double foreign = Rng.round(
        Rng.clamp(0.12 + 0.04 * deprivation + (urban == 1 ? 0.06 : 0.0) + 0.05 * Rng.normal(r), 0.0, 0.7), 4);
    double tertiary = Rng.round(
        Rng.clamp(0.30 - 0.08 * deprivation + (urban == 1 ? 0.08 : 0.0) + 0.05 * Rng.normal(r), 0.03, 0.85), 4);
    double broadband = Rng.round(
        urban == 1 ? Rng.clamp(0.93 + 0.04 * Rng.normal(r), 0.5, 1.0) : Rng.clamp(0.72 + 0.12 * Rng.normal(r), 0.2,
            1.0), 4);
    double effectIct = truth.ict().neighbourhoodSd() * Rng.normal(r);
    double effectTraditional = truth.traditional().neighbourhoodSd() * Rng.normal(r);
    return new Neighbourhood(k, neighbourhoodId(k), municipality.index(), municipality.id(), population, area, income, deprivation, old, foreign, tertiary,
        broadband, urban, effectIct, effectTraditional);
  }
}
