package org.coprod.ingest;

/**
 * Validation rules with stable ids (the {@code rule_id} of the quality and quarantine tables).
 * Rules that quarantine a row are listed first, in the order in which a row's failures are
 * reported; {@link #EXACT_DUPLICATE} drops a row and {@link #PERSONAL_DATA_REMOVED} only cleans
 * it. Ids are part of the output contract: add, never rename.
 */
public enum Rule {
  /** The bytes are not valid in the declared encoding (e.g. ISO-8859-1 bytes in a UTF-8 file). */
  BAD_ENCODING(true, "bytes are not valid in the declared encoding"),
  /** The line cannot be read as a record: wrong number of CSV fields, broken quoting, invalid JSON. */
  MALFORMED_RECORD(true, "line cannot be read as a record"),
  /** A required (key or non-nullable) column is empty or absent. */
  REQUIRED_MISSING(true, "required value is missing"),
  /** A value does not parse as its column's type or date format. */
  PARSE_TYPE(true, "value does not parse as the column's type"),
  /** A number outside the contract's inclusive range. */
  OUT_OF_RANGE(true, "number outside the allowed range"),
  /** A code outside the contract's closed set of values. */
  NOT_ALLOWED_VALUE(true, "value outside the allowed set"),
  /** A date or timestamp outside the study window declared for the input. */
  OUTSIDE_STUDY_WINDOW(true, "date outside the study window"),
  /** A reference to a neighbourhood, municipality or respondent that its source does not contain. */
  ORPHAN_REFERENCE(true, "reference to an unknown key"),
  /** Rows with the same unique key and different content: all of them are quarantined. */
  DUPLICATE_CONFLICT(true, "same key, different content"),
  /** An account linked to more than one respondent: all its links are quarantined. */
  LINK_NOT_ONE_TO_ONE(true, "account linked to more than one respondent"),
  /** A row equal in every contract column to an earlier one: dropped and counted, not quarantined. */
  EXACT_DUPLICATE(false, "exact copy of an earlier row, dropped"),
  /** Personal-data values (names, emails, phones, addresses, postcodes, birth dates) removed from the row. */
  PERSONAL_DATA_REMOVED(false, "personal data removed");

  private final boolean quarantines;
  private final String description;

  Rule(boolean quarantines, String description) {
    this.quarantines = quarantines;
    this.description = description;
  }

  /** Whether failing this rule sends the row to quarantine. */
  public boolean quarantines() {
    return quarantines;
  }

  public String description() {
    return description;
  }
}
