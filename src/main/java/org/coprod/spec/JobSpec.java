package org.coprod.spec;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coprod.features.FeatureOptions;

/**
 * A job: inputs, output folder, stage options and models, parsed and checked by
 * {@link JobSpecReader} before Spark starts.
 *
 * @param name job name (tags the run)
 * @param inputs per source name (survey, usage, links, neighbourhoods, municipalities)
 * @param output output folder (path or URI); each run writes {@code runs/<run_id>/} under it
 * @param pseudonymisationKeyEnv environment variable holding the HMAC key
 * @param demoKey an explicitly declared, non-secret key for demo data, or null
 * @param minGroupSize disclosure threshold: smaller groups are suppressed in published tables
 * @param models the models to fit, in order
 * @param features options of the feature stage (window, centring, missing indicators)
 * @param tables user-declared keyed tables attached to neighbourhoods or municipalities, by name in
 *     spec order
 * @param dataRoot the resolved {@code ${data_root}} of the spec's paths (environment variable
 *     COPROD_DATA_ROOT, else the spec's data_root), or null when neither is set
 */
public record JobSpec(
    String name,
    Map<String, InputSpec> inputs,
    String output,
    String pseudonymisationKeyEnv,
    String demoKey,
    int minGroupSize,
    List<ModelSpec> models,
    FeatureOptions features,
    Map<String, TableSpec> tables,
    String dataRoot) {

  public static final List<String> SOURCES = List.of("survey", "usage", "links", "neighbourhoods", "municipalities");

  public JobSpec {
    requireNonNull(name, "name is null");
    requireNonNull(output, "output is null");
    inputs = Map.copyOf(inputs);
    models = List.copyOf(models);
    requireNonNull(features, "features is null");
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tables, "tables is null")));
    for (String table : tables.keySet()) {
      if (inputs.containsKey(table)) {
        throw new IllegalArgumentException("table " + table + " has the name of a source");
      }
    }
  }

  /** A job without declared tables or data root. */
  public JobSpec(
      String name, Map<String, InputSpec> inputs, String output, String pseudonymisationKeyEnv, String demoKey,
      int minGroupSize, List<ModelSpec> models, FeatureOptions features) {
    this(name, inputs, output, pseudonymisationKeyEnv, demoKey, minGroupSize, models, features, Map.of(), null);
  }

  public JobSpec withTables(Map<String, TableSpec> value) {
    return new JobSpec(name, inputs, output, pseudonymisationKeyEnv, demoKey, minGroupSize, models, features, value,
        dataRoot);
  }

  public InputSpec input(String source) {
    return inputs.get(source);
  }

  /** A job with the default feature options (no centring, no missing indicators, 365-day window). */
  public JobSpec(
      String name, Map<String, InputSpec> inputs, String output, String pseudonymisationKeyEnv, String demoKey, int minGroupSize,
      List<ModelSpec> models) {
    this(name, inputs, output, pseudonymisationKeyEnv, demoKey, minGroupSize, models, FeatureOptions.defaults());
  }

  /** Never prints the demo key: a spec may be logged. */
  @Override
  public String toString() {
    return "JobSpec[name=" + name + ", inputs=" + inputs.keySet() + ", output=" + output + ", pseudonymisationKeyEnv="
        + pseudonymisationKeyEnv + ", demoKey=" + (demoKey == null ? "none" : "<redacted>") + ", minGroupSize=" + minGroupSize
        + ", models=" + models.size() + ", features=" + features + ", tables=" + tables.keySet() + ", dataRoot="
        + dataRoot + "]";
  }
}
