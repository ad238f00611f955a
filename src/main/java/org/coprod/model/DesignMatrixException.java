package org.coprod.model;

/**
 * The data and the formula do not make a model matrix: a missing column, an unknown
 * reference level, a factor with one level that needs contrasts, a factor response with
 * more than two levels. Unchecked; the caller reports it for the model it was building and
 * goes on with the others. Bad individual rows never throw: they are dropped and counted
 * ({@link RowCounts}).
 */
public final class DesignMatrixException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DesignMatrixException(String message) {
    super(message);
  }

  public DesignMatrixException(String message, Throwable cause) {
    super(message, cause);
  }
}
