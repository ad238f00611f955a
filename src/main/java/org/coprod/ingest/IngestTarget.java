package org.coprod.ingest;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;
import org.coprod.spec.InputSpec;
import org.coprod.spec.JobSpec;
import org.coprod.spec.TableSpec;

/**
 * One dataset ingest reads, validates and writes: a source of the data contract or a table
 * declared in the job spec. Both go through the same machinery; they differ only in their
 * contract and the references checked.
 *
 * @param name source or table name: its clean folder and the {@code source} of its quality and quarantine rows
 * @param contract the contract its rows are validated against (with the input's not-collected and extra columns)
 * @param input where its files are and how they are read and mapped
 * @param references the references to other sources checked for its rows
 */
record IngestTarget(String name, SourceContract contract, InputSpec input, List<CrossRowRules.Reference> references) {

  /** Sources in reference order: a source comes after those it references. */
  static final List<String> SOURCE_ORDER = List.of("municipalities", "neighbourhoods", "survey", "links", "usage");

  IngestTarget {
    requireNonNull(name, "name is null");
    requireNonNull(contract, "contract is null");
    requireNonNull(input, "input is null");
    references = List.copyOf(references);
  }

  /**
   * The job's sources in reference order, then its tables in spec order (after every source, so
   * after the one each references). A table references its parent only when the job ingests it.
   */
  static List<IngestTarget> of(JobSpec spec) {
    List<IngestTarget> targets = new ArrayList<>();
    for (String source : SOURCE_ORDER) {
      InputSpec input = spec.input(source);
      if (input != null) {
        targets.add(new IngestTarget(source, input.contract(Contracts.byName(source)), input,
            CrossRowRules.references(source)));
      }
    }
    for (TableSpec table : spec.tables().values()) {
      String parent = table.attachesTo().source();
      String key = table.attachesTo().keyColumn();
      List<CrossRowRules.Reference> references = spec.input(parent) == null ? List.of()
          : List.of(new CrossRowRules.Reference(key, parent, key));
      targets.add(new IngestTarget(table.name(), table.contract(), table.input(), references));
    }
    return targets;
  }

  /** Whether other datasets reference this one's key (so its known keys are kept). */
  boolean referenced() {
    return List.of("municipalities", "neighbourhoods", "survey").contains(name);
  }
}
