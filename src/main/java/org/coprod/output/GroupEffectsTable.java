package org.coprod.output;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Schema of {@code group_effects}: one row per model × group with the conditional mode of
 * its random intercept and its conditional SD. Groups with fewer rows than the disclosure
 * threshold keep their id and a null n, mode and SD, with {@code suppressed = true}.
 */
public final class GroupEffectsTable {

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("model_id", DataTypes.StringType, false)
          .add("grouping", DataTypes.StringType, false)
          .add("group_id", DataTypes.StringType, false)
          .add("n", DataTypes.IntegerType, true)
          .add("conditional_mode", DataTypes.DoubleType, true)
          .add("conditional_sd", DataTypes.DoubleType, true)
          .add("suppressed", DataTypes.BooleanType, false);

  private GroupEffectsTable() {}
}
