package org.coprod.generate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coprod.ingest.contract.Contracts;
import org.coprod.ingest.contract.SourceContract;

/**
 * manifest.json: the config, per source the files, rows, lines and injected defects by kind,
 * and the rule order under which every defective line has exactly one kind. It holds no
 * timestamps or host names so that equal configs give byte-identical manifests.
 */
final class Manifest {

  static final String GENERATOR_VERSION = "coprod-generate/1";

  private Manifest() {}

  static Map<String, Object> toJson(GeneratorConfig config, Map<String, SourceStats> totals, OutputFiles files) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("generator", GENERATOR_VERSION);
    root.put("config", Json.object(
        "citizens", config.citizens(),
        "seed", config.seed(),
        "format", config.format().extension(),
        "dirty_rate", config.dirtyRate(),
        "neighbourhoods", config.neighbourhoods(),
        "municipalities", config.municipalities(),
        "waves", config.waves(),
        "events_per_citizen", config.eventsPerCitizen(),
        "rows_per_partition", config.rowsPerPartition(),
        "partitions", config.citizenPartitions(),
        "non_respondent_platform_users", (long) Math.floor(config.citizens()
            * PlatformModel.NON_RESPONDENTS_PER_RESPONDENT)));
    List<String> order = new ArrayList<>();
    for (DirtKind kind : DirtKind.values()) {
      order.add(kind.key());
    }
    root.put("dirt", Json.object(
        "rule_order", order,
        "notes", List.of(
            "rows: clean entity rows; lines: data lines written (header excluded) = rows + additive defects",
            "each defective source row has exactly one kind; mutating kinds change the row, additive kinds "
                + "(malformed_line, missing_key, exact_duplicate, conflicting_duplicate) add a line right after it",
            "checking rules in rule_order attributes every defective line to its kind",
            "required keys are the contract's key columns; missing_key empties one of them",
            "orphan_reference: survey/usage neighbourhood_id, links respondent_id, neighbourhoods municipality_id",
            "only injected defects are counted, not their consequences downstream: a link to a respondent whose "
                + "survey row ingest quarantines, or a survey row in a neighbourhood whose row is quarantined",
            "conflicting links duplicates point the respondent at a second account that has no events",
            "personal_data columns exist in survey files only when dirty_rate > 0 and are empty unless injected")));
    Map<String, Object> sources = new LinkedHashMap<>();
    for (SourceContract source : Contracts.all()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("columns", DirtInjector.writtenColumns(source, config));
      json.putAll(totals.get(source.name()).toJson(DirtInjector.applicableKinds(source, config.format())));
      json.put("files", files.listing(files.path(source.name())));
      sources.put(source.name(), json);
    }
    root.put("sources", sources);
    return root;
  }
}
