package org.coprod.ingest;

/**
 * A whole-file problem found before rows are read: no matching files, an empty file, missing
 * header columns, unreadable compression, a wrong delimiter. The message is one line naming the
 * file and the problem; the CLI exits 2 with it. Problems of single rows never throw: they
 * go to quarantine.
 */
public final class IngestFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IngestFileException(String source, String file, String problem) {
    super(source + ": " + file + ": " + problem);
  }
}
