package org.coprod.model;

/**
 * Why a complete row (no missing value) was still dropped. Checked in this order; a row is
 * counted under the first reason that applies so that the counts add up.
 */
public enum InvalidRowReason {
  /** A single-column numeric response not in {0, 1}. */
  RESPONSE_NOT_BINARY("response_not_binary"),
  /** {@code cbind(s, f)} with a negative count. */
  NEGATIVE_COUNT("negative_count"),
  /** {@code cbind(s, f)} with s + f = 0: the row carries no information. */
  ZERO_TRIALS("zero_trials"),
  /** A negative prior weight. */
  NEGATIVE_WEIGHT("negative_weight");

  private final String code;

  InvalidRowReason(String code) {
    this.code = code;
  }

  /** Stable snake_case code for output tables. */
  public String code() {
    return code;
  }
}
