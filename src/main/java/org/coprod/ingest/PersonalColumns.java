package org.coprod.ingest;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.coprod.ingest.contract.Contracts;

/**
 * The deny-list of personal-data column names: {@link Contracts#PERSONAL_DATA_COLUMNS}, common
 * aliases, and whatever the input spec adds. Names are compared after lower-casing and removing
 * everything but letters and digits, so {@code E-Mail}, {@code e_mail} and {@code EMAIL} are one
 * name. A column on the list never reaches an output, whatever it is called.
 */
public final class PersonalColumns {

  static final List<String> ALIASES = List.of(
      "name", "first_name", "last_name", "surname", "given_name", "family_name", "forename",
      "e_mail", "email_address", "mail",
      "phone_number", "telephone", "mobile", "mobile_phone", "tel",
      "dob", "birth_date", "birthdate", "birthday",
      "address", "street", "address_line_1", "address_line_2", "home_address",
      "postal_code", "post_code", "zip", "zip_code", "zipcode");

  private static final Set<String> DATE_OF_BIRTH = Set.of("dateofbirth", "dob", "birthdate", "birthday");

  private final Set<String> normalised;

  /** The default deny-list plus {@code extra} names (an input's personal_columns). */
  public PersonalColumns(List<String> extra) {
    this.normalised = Stream.of(Contracts.PERSONAL_DATA_COLUMNS, ALIASES, extra)
        .flatMap(List::stream)
        .map(PersonalColumns::normalise)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether a column of that name holds personal data (names compared as letters and digits, ignoring case). */
  public boolean isPersonal(String column) {
    return normalised.contains(normalise(column));
  }

  /** Whether the column is a date of birth (personal, but first turned into age at interview). */
  static boolean isDateOfBirth(String column) {
    return DATE_OF_BIRTH.contains(normalise(column));
  }

  static String normalise(String column) {
    return column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
