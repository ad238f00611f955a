package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.coprod.spec.JobSpec;
import org.junit.jupiter.api.Test;

/** The pure parts of reading: CSV splitting, the personal-data deny-list, pseudonyms. */
class IngestTextPartsTest {

  @Test
  void csvQuotingAndFieldCounts() {
    assertThat(CsvLine.parse("a,\"b,c\",\"say \"\"hi\"\"\",", ',').fields()).containsExactly("a", "b,c", "say \"hi\"", "");
    assertThat(CsvLine.parse("a;b", ';').fields()).containsExactly("a", "b");
    assertThat(CsvLine.parse("", ',').fields()).containsExactly("");
    assertThat(CsvLine.parse(",a,,\"b\"x,c,", ',').fields()).containsExactly("", "a", "", "bx", "c", "");
    assertThat(CsvLine.parse("\"x,y\",b,c", ',', 2).fields()).containsExactly("x,y", "b");
    assertThat(CsvLine.parse("a,b", ',', 5).fields()).containsExactly("a", "b");
    CsvLine open = CsvLine.parse("a,\"b,c", ',');
    assertThat(open.unterminatedQuote()).isTrue();
    assertThat(CsvLine.format(List.of("a", "b,c", "q\""), ',')).isEqualTo("a,\"b,c\",\"q\"\"\"");
  }

  @Test
  void personalColumnsWhateverTheyAreCalled() {
    PersonalColumns personal = new PersonalColumns(List.of("nombre"));
    assertThat(List.of("full_name", "E-Mail", "EMAIL", "Phone Number", "date_of_birth", "DOB", "Street Address",
        "postcode", "ZIP", "Nombre")).allMatch(personal::isPersonal);
    assertThat(List.of("respondent_id", "neighbourhood_id", "age", "service", "channel")).noneMatch(personal::isPersonal);
    assertThat(PersonalColumns.isDateOfBirth("Birth-Date")).isTrue();
  }

  @Test
  void pseudonymsAreKeyedHmacSha256AndNeverShowTheKey() {
    Pseudonymiser a = new Pseudonymiser("key-a".getBytes(StandardCharsets.UTF_8));
    Pseudonymiser b = new Pseudonymiser("key-b".getBytes(StandardCharsets.UTF_8));
    // printf 'R1' | openssl dgst -sha256 -hmac key-a
    assertThat(a.pseudonym("R1")).isEqualTo("97857825956d5f9573dcdfe66e7e2176af9bca6e686577f61fba16e48bbbd790")
        .isEqualTo(a.pseudonym(" R1 "))
        .isNotEqualTo(b.pseudonym("R1"));
    assertThat(a.pseudonym("")).isEmpty();
    assertThat(a.pseudonym(null)).isNull();
    assertThat(a.toString()).doesNotContain("key-a");
  }

  @Test
  void repeatedIdentifiersGetTheSamePseudonymAsTheirFirstUse() throws Exception {
    Pseudonymiser pseudonymiser = new Pseudonymiser("key-a".getBytes(StandardCharsets.UTF_8));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec("key-a".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    // More identifiers than the cache has slots, each used three times, in an order that
    // revisits evicted ones: every answer is the HMAC, hex-encoded by the JDK.
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 10_000; i += round + 1) {
        String identifier = "A" + i;
        assertThat(pseudonymiser.pseudonym(identifier)).as(identifier)
            .isEqualTo(java.util.HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8))));
      }
    }
  }

  @Test
  void keyComesFromTheEnvironmentBeforeTheDemoKey() {
    JobSpec spec = new JobSpec("t", java.util.Map.of(), "out", "MY_KEY", "demo", 10, List.of());
    String fromEnvironment = Pseudonymiser.fromSpec(spec, name -> name.equals("MY_KEY") ? "secret" : null).pseudonym("R1");
    String fromDemo = Pseudonymiser.fromSpec(spec, name -> null).pseudonym("R1");
    assertThat(fromEnvironment).isEqualTo(new Pseudonymiser("secret".getBytes(StandardCharsets.UTF_8)).pseudonym("R1"))
        .isNotEqualTo(fromDemo);
  }
}
