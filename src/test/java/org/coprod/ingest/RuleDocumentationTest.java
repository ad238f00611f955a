package org.coprod.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.coprod.output.OutputContract;
import org.junit.jupiter.api.Test;

/** The quality table's documentation names every rule id ingest can write. */
class RuleDocumentationTest {

  @Test
  void everyRuleIdIsDocumented() {
    String doc = OutputContract.markdown();
    for (Rule rule : Rule.values()) {
      assertThat(doc).as(rule.name()).contains(rule.name());
    }
    assertThat(doc).contains(QualityTables.TOTAL);
  }
}
