package org.coprod.spec.formula;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Formats doubles as R prints them with 15 significant digits ({@code deparse},
 * {@code as.character}), so that literals inside {@code I()} and levels of
 * {@code factor(numeric)} get R's names: {@code 2}, {@code 0.5}, {@code 1e+06},
 * {@code 1e-04}. R chooses fixed notation unless scientific is strictly narrower
 * ({@code scipen = 0}).
 */
public final class RNumbers {

  private RNumbers() {}

  /** R's text for {@code value} ({@code NaN}, {@code Inf}, {@code -Inf} included). */
  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Inf" : "-Inf";
    }
    if (value == 0) {
      return "0";
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(15)).stripTrailingZeros();
    boolean negative = rounded.signum() < 0;
    BigDecimal magnitude = rounded.abs();
    String digits = magnitude.unscaledValue().toString();
    int significant = digits.length();
    int exponent = significant - magnitude.scale() - 1;
    int sign = negative ? 1 : 0;
    int fixedWidth;
    if (exponent >= 0) {
      int decimals = Math.max(0, significant - 1 - exponent);
      fixedWidth = sign + exponent + 1 + (decimals > 0 ? 1 + decimals : 0);
    } else {
      fixedWidth = sign + 2 + (-exponent - 1) + significant;
    }
    int exponentDigits = Math.abs(exponent) >= 100 ? 3 : 2;
    int sciWidth = sign + (significant > 1 ? significant + 1 : 1) + 2 + exponentDigits;
    if (fixedWidth <= sciWidth) {
      return (negative ? "-" : "") + magnitude.toPlainString();
    }
    String mantissa = significant > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
    String exponentText = String.format("%0" + exponentDigits + "d", Math.abs(exponent));
    return (negative ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentText;
  }
}
