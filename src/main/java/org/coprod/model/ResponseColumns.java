package org.coprod.model;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.coprod.spec.formula.Response;

/**
 * The response as Spark columns: successes {@code y}, {@code trials}, when it is missing,
 * and the first {@link InvalidRowReason} it breaks (an ordinal, or null). For a factor
 * response {@code y} waits for the levels, so only its {@code factorKey} is set here.
 */
record ResponseColumns(ResponseDescription description, Column y, Column trials, Column missing, Column invalidReason, Column factorKey) {

  static ResponseColumns of(Response response, ColumnExpressions columns, DesignMatrixOptions options) {
    if (response instanceof Response.Binomial binomial) {
      Column successes = columns.numeric(binomial.successes());
      Column failures = columns.numeric(binomial.failures());
      Column missing = ColumnExpressions.missingNumber(successes).or(ColumnExpressions.missingNumber(failures));
      Column trials = successes.plus(failures);
      Column reason =
          when(successes.lt(0).or(failures.lt(0)), lit(InvalidRowReason.NEGATIVE_COUNT.ordinal()))
              .when(trials.equalTo(0), lit(InvalidRowReason.ZERO_TRIALS.ordinal()));
      ResponseDescription description = new ResponseDescription(binomial.label(), ResponseDescription.Kind.COUNTS, null, null);
      return new ResponseColumns(description, successes, trials, missing, reason, null);
    }
    String name = ((Response.Column) response).column();
    String label = response.label();
    boolean declared = options.factorColumns().contains(name);
    if (columns.isBoolean(name) && !declared) {
      Column value = ColumnExpressions.column(name);
      ResponseDescription description = new ResponseDescription(label, ResponseDescription.Kind.BOOLEAN, "FALSE", "TRUE");
      return new ResponseColumns(description, when(value, lit(1.0)).otherwise(lit(0.0)), lit(1.0), value.isNull(), null, null);
    }
    if (declared || !columns.isNumeric(name)) {
      Column key = DesignMatrixBuilder.textKey(columns.text(name));
      ResponseDescription description = new ResponseDescription(label, ResponseDescription.Kind.FACTOR, null, null);
      return new ResponseColumns(description, null, lit(1.0), key.isNull(), null, key);
    }
    Column value = columns.number(name);
    Column reason = when(value.notEqual(0.0).and(value.notEqual(1.0)), lit(InvalidRowReason.RESPONSE_NOT_BINARY.ordinal()));
    ResponseDescription description = new ResponseDescription(label, ResponseDescription.Kind.BINARY, "0", "1");
    return new ResponseColumns(description, value, lit(1.0), ColumnExpressions.missingNumber(value), reason, null);
  }
}
