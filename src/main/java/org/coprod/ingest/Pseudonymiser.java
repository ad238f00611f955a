package org.coprod.ingest;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.coprod.spec.JobSpec;
import org.coprod.spec.SpecException;

/**
 * Keyed pseudonyms for respondent and account identifiers: lower-case hex of
 * HMAC-SHA256(key, UTF-8 bytes of the trimmed identifier). Equal identifiers give equal
 * pseudonyms within and across sources and runs with the same key, so joins still work; without
 * the key a pseudonym cannot be reversed or recomputed from a guessed identifier.
 *
 * <p>The key travels to executors inside this object; {@link #toString()} never shows it, so
 * it cannot reach a log or a query plan.
 */
final class Pseudonymiser implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  private transient Mac mac;
  /**
   * The last pseudonyms computed, by the identifier's hash: identifiers repeat (an account has
   * many events, often next to each other), and an HMAC costs far more than a lookup.
   */
  private transient String[] cachedIdentifiers;
  private transient String[] cachedPseudonyms;
  private static final int CACHE_SLOTS = 4096;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  Pseudonymiser(byte[] key) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("pseudonymisation key is empty");
    }
    this.key = key.clone();
  }

  /**
   * The key from the environment variable named by the spec, else the spec's declared demo key;
   * without either the run is refused before any work starts.
   */
  static Pseudonymiser fromSpec(JobSpec spec, Function<String, String> environment) {
    String variable = spec.pseudonymisationKeyEnv();
    String value = variable == null ? null : environment.apply(variable);
    if (value != null && !value.isEmpty()) {
      return new Pseudonymiser(value.getBytes(StandardCharsets.UTF_8));
    }
    if (spec.demoKey() != null && !spec.demoKey().isEmpty()) {
      return new Pseudonymiser(spec.demoKey().getBytes(StandardCharsets.UTF_8));
    }
    throw new SpecException("no pseudonymisation key: set the environment variable " + variable
        + " or declare privacy.demo_key for demo data");
  }

  /** The pseudonym of an identifier; null and blank stay as they are (a missing value is a rule's business). */
  String pseudonym(String identifier) {
    if (identifier == null || identifier.isBlank()) {
      return identifier;
    }
    String trimmed = identifier.trim();
    if (mac == null) {
      try {
        mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(key, ALGORITHM));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 unavailable", e);
      }
      cachedIdentifiers = new String[CACHE_SLOTS];
      cachedPseudonyms = new String[CACHE_SLOTS];
    }
    int slot = trimmed.hashCode() & (CACHE_SLOTS - 1);
    if (trimmed.equals(cachedIdentifiers[slot])) {
      return cachedPseudonyms[slot];
    }
    String pseudonym = hex(mac.doFinal(trimmed.getBytes(StandardCharsets.UTF_8)));
    cachedIdentifiers[slot] = trimmed;
    cachedPseudonyms[slot] = pseudonym;
    return pseudonym;
  }

  /**
   * Lower-case hex, as {@code HexFormat.of().formatHex} writes it; by hand because that method
   * builds its text a byte at a time through a general path and showed in ingest's profile.
   */
  private static String hex(byte[] bytes) {
    char[] text = new char[2 * bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      text[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      text[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(text);
  }

  @Override
  public String toString() {
    return "Pseudonymiser[HMAC-SHA256, key redacted]";
  }
}
