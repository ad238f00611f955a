package org.coprod.generate;

/**
 * Kinds of defect the generator injects with {@code --dirty-rate}. Each affected source row
 * receives exactly one kind. Mutating kinds alter the row itself; additive kinds leave the
 * row clean and write an extra line right after it, so that no entity's key disappears and
 * the counts in manifest.json are exactly what a reader can find. A reader that checks rules
 * in declaration order attributes every defective line to its one kind.
 */
public enum DirtKind {
  /** Line not valid UTF-8: a text value written in ISO-8859-1 (CSV/JSON only). Mutating. */
  BAD_ENCODING("bad_encoding", false, true),
  /** Copy of the row cut off mid-line: too few CSV fields, or unterminated JSON (CSV/JSON only). Additive. */
  MALFORMED_LINE("malformed_line", true, true),
  /** Copy of the row with one required key column empty (CSV), absent (JSON) or null (Parquet). Additive. */
  MISSING_KEY("missing_key", true, false),
  /** A numeric or date value that does not parse as its type, e.g. {@code twelve}, {@code 1,5} (CSV/JSON only). */
  WRONG_TYPE("wrong_type", false, true),
  /** A value outside the contract's range or allowed set. Mutating. */
  OUT_OF_RANGE("out_of_range", false, false),
  /** A reference to an unknown neighbourhood, municipality or respondent. Mutating. */
  ORPHAN_REFERENCE("orphan_reference", false, false),
  /** Personal-data columns filled (survey only): full_name, email, phone, date_of_birth, street_address, postcode. */
  PERSONAL_DATA("personal_data", false, false),
  /** Exact copy of the row. Additive. */
  EXACT_DUPLICATE("exact_duplicate", true, false),
  /** Copy with the same unique key and one other value changed to another valid value. Additive. */
  CONFLICTING_DUPLICATE("conflicting_duplicate", true, false);

  private final String key;
  private final boolean additive;
  private final boolean textOnly;

  DirtKind(String key, boolean additive, boolean textOnly) {
    this.key = key;
    this.additive = additive;
    this.textOnly = textOnly;
  }

  /** Name used in manifest.json. */
  public String key() {
    return key;
  }

  /** Whether the defect is an extra line rather than a change to the row. */
  public boolean additive() {
    return additive;
  }

  /** Whether the defect can only exist in text formats. */
  public boolean textOnly() {
    return textOnly;
  }
}
