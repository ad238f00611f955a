package org.coprod.features;

import org.apache.spark.sql.SparkSession;

/** Opens the package-private {@link FeatureFixtures} to tests of other packages (the CLI). */
public final class FeatureFixturesAccess {

  private FeatureFixturesAccess() {}

  public static FeatureInputs standard(SparkSession spark) {
    return FeatureFixtures.standard(spark);
  }
}
