package org.coprod.cli;

import org.coprod.spec.SpecException;

/** Process exit codes: 0 done, 1 a failure while working, 2 a usage or configuration error. */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;

  private ExitCodes() {}

  /** Configuration errors are found before any work starts; they exit 2 with one line. */
  static boolean isConfigurationError(Throwable exception) {
    return exception instanceof SpecException
        || exception instanceof org.coprod.ingest.IngestFileException
        || exception.getClass().getName().equals("org.coprod.spec.formula.FormulaException")
        || exception instanceof picocli.CommandLine.ParameterException;
  }
}
