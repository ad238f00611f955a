package org.coprod.ingest;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
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
    if (mac == null) {
      try {
        mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(key, ALGORITHM));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 unavailable", e);
      }
    }
    return HexFormat.of().formatHex(mac.doFinal(identifier.trim().getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return "Pseudonymiser[HMAC-SHA256, key redacted]";
  }
}
