package org.coprod.spec;

import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;

/**
 * A model's {@code subset}: a Spark SQL boolean condition on the columns of its feature table,
 * e.g. {@code channel <> 'staff' AND year >= 2015}. Its syntax is checked when the spec is read
 * (Spark's own parser, no session needed), so a typo fails before any work starts; a column that
 * the table lacks is found when the model runs and becomes the model's failure reason.
 */
final class SubsetCondition {

  private SubsetCondition() {}

  static void check(String key, String condition) {
    if (condition.isBlank()) {
      throw new SpecException("invalid " + key + ": empty condition (omit the key to fit every row)");
    }
    try {
      CatalystSqlParser$.MODULE$.parseExpression(condition);
    } catch (Exception e) { // Spark's ParseException, thrown from Scala without a throws clause
      String first = e.getMessage().split("\n", 2)[0];
      throw new SpecException("invalid " + key + ": " + condition + " is not a Spark SQL condition (" + first + ")");
    }
  }
}
