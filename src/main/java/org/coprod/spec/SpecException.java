package org.coprod.spec;

/** A configuration error: one line naming the key or value and what is allowed. The CLI exits 2. */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SpecException(String message) {
    super(message);
  }
}
