package org.coprod.spec.formula;

/**
 * A formula that cannot be parsed or is not supported. Unchecked: a formula is
 * configuration, so it fails fast at the entry point with a one-line message naming the
 * offending token or term and its 1-based column in the formula text.
 */
public final class FormulaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** 1-based column of the offending token, or 0 when the problem has no single position. */
  private final int column;

  public FormulaException(String message, int column) {
    super(column > 0 ? message + " (at column " + column + ")" : message);
    this.column = column;
  }

  public FormulaException(String message) {
    this(message, 0);
  }

  /** 1-based column of the offending token, 0 when unknown. */
  public int column() {
    return column;
  }
}
