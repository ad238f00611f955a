package org.coprod.spec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.coprod.features.FeatureOptions;
import org.coprod.stats.CovarianceType;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a job spec (YAML) into a {@link JobSpec}, failing with a one-line
 * {@link SpecException} on the first problem: unknown key, wrong type, value out of range,
 * missing local input. Relative paths are resolved against the spec file's folder, so a spec
 * runs the same from any working directory; paths with a scheme ({@code hdfs:}, {@code s3a:})
 * are taken as they are and checked by Hadoop when the run starts. Input and table paths may
 * start from {@code ${data_root}} (see {@link DataRoot}: the environment variable
 * COPROD_DATA_ROOT overrides the spec's {@code data_root}).
 *
 * <pre>
 * name: sample
 * data_root: ../data                  # optional; ${data_root} in input and table paths
 * inputs:                             # per source, mapping keys: see InputOptionsReader
 *   survey: {path: ${data_root}/sample/survey, format: csv}
 *   neighbourhoods: ../data/sample/neighbourhoods      # format defaults to csv
 * tables:                             # optional keyed tables, see TableSpecReader
 *   population: {path: ${data_root}/population.csv, attaches_to: neighbourhoods, key: area,
 *                columns: {pop: {type: integer, min: 0, unit: persons}}}
 * output: ../out/sample
 * privacy: {key_env: COPROD_PSEUDONYM_KEY, demo_key: "not-a-secret", min_group_size: 10}
 * models:
 *   - id: ict_pooled
 *     formula: coprod_ict ~ age10 + gender + trust_local
 *     method: glm            # glm | laplace | agq
 *     nagq: 1                # agq: 2..25
 *     weights: null
 *     cluster: neighbourhood_id
 *     standard_errors: cluster   # model | hc0 | hc1 | cluster
 *     references: {education: low}
 *     data: citizens         # citizens | events | neighbourhoods | municipalities
 *     subset: "channel <> 'staff'"   # Spark SQL condition on the data's columns (R's subset =)
 * features:                  # optional, see FeaturesSpecReader
 *   window_days: 365
 *   centring: {age10: grand, trust_local: {group: neighbourhood_id}}
 *   missing_indicators: [income_band]
 * </pre>
 */
public final class JobSpecReader {

  private JobSpecReader() {}

  public static JobSpec read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new SpecException("job spec not found: " + file);
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new SpecException("cannot read job spec " + file + ": " + e.getMessage());
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, base);
  }

  /** Parses a spec whose relative paths are taken from {@code base}, with the process environment. */
  public static JobSpec parse(String text, Path base) {
    return parse(text, base, System::getenv);
  }

  /** As {@link #parse(String, Path)}, with the environment given (COPROD_DATA_ROOT is read from it). */
  public static JobSpec parse(String text, Path base, Function<String, String> environment) {
    Object document;
    try {
      document = new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new SpecException("job spec is not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
    YamlNode root = new YamlNode("", document);
    String name = root.requiredString("name");
    DataRoot dataRoot = DataRoot.of(root.string("data_root", null), base, environment);
    Map<String, InputSpec> inputs = readInputs(root.child("inputs"), base, dataRoot);
    Map<String, TableSpec> tables = TableSpecReader.read(root.child("tables"), base, dataRoot);
    String output = resolve(root.requiredString("output"), base);
    YamlNode privacy = root.child("privacy");
    String keyEnv = privacy.string("key_env", "COPROD_PSEUDONYM_KEY");
    String demoKey = privacy.string("demo_key", null);
    int minGroupSize = privacy.integer("min_group_size", 10, 1, 1_000_000);
    privacy.finish();
    List<ModelSpec> models = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (YamlNode node : root.children("models")) {
      ModelSpec model = readModel(node);
      if (!ids.add(model.id())) {
        throw new SpecException("duplicate model id: " + model.id());
      }
      if (model.data() == ModelData.EVENTS && !inputs.containsKey("usage")) {
        throw new SpecException("model " + model.id() + ": data: events needs inputs.usage");
      }
      models.add(model);
    }
    FeatureOptions features = FeaturesSpecReader.read(root.child("features"));
    root.finish();
    return new JobSpec(name, inputs, output, keyEnv, demoKey, minGroupSize, models, features, tables,
        dataRoot.location());
  }

  private static Map<String, InputSpec> readInputs(YamlNode node, Path base, DataRoot dataRoot) {
    Map<String, InputSpec> inputs = new LinkedHashMap<>();
    for (String source : node.keys()) {
      if (!JobSpec.SOURCES.contains(source)) {
        throw new SpecException("inputs." + source + ": unknown source (allowed: " + String.join(", ", JobSpec.SOURCES) + ")");
      }
    }
    for (String source : JobSpec.SOURCES) {
      if (!node.has(source)) {
        continue;
      }
      String path;
      InputSpec.Format format = InputSpec.Format.CSV;
      YamlNode entry;
      try {
        entry = node.child(source);
      } catch (SpecException notAMapping) {
        entry = null;
      }
      InputSpec input;
      if (entry == null) {
        path = dataRoot.substitute("inputs." + source, node.string(source, null));
        String location = resolve(path, base);
        checkLocalInputExists("inputs." + source, location);
        input = new InputSpec(source, location, format, ",");
      } else {
        path = dataRoot.substitute("inputs." + source + ".path", entry.requiredString("path"));
        format = entry.choice("format", InputSpec.Format.class, InputSpec.Format.CSV);
        String location = resolve(path, base);
        checkLocalInputExists("inputs." + source, location);
        input = InputOptionsReader.read(entry, source, location, format);
        entry.finish();
      }
      inputs.put(source, input);
    }
    node.finish();
    return inputs;
  }

  private static ModelSpec readModel(YamlNode node) {
    String id = node.requiredString("id");
    if (!id.matches("[A-Za-z0-9_.-]+")) {
      throw new SpecException("invalid model id: " + id + " (letters, digits, _ . - only)");
    }
    String formula = node.requiredString("formula");
    Method method = node.choice("method", Method.class, Method.GLM);
    int nAGQ = node.integer("nagq", method == Method.AGQ ? 7 : 1, 1, ModelSpec.MAX_NAGQ);
    String weights = node.string("weights", null);
    String cluster = node.string("cluster", null);
    CovarianceType se = node.choice("standard_errors", CovarianceType.class, ModelSpec.defaultStandardErrors(cluster));
    Map<String, String> references = node.stringMap("references");
    ModelData data = node.choice("data", ModelData.class, ModelData.CITIZENS);
    String subset = node.string("subset", null);
    if (subset != null) {
      SubsetCondition.check("models." + id + ".subset", subset);
    }
    node.finish();
    return new ModelSpec(id, formula, method, nAGQ, weights, cluster, se, references, data, subset);
  }

  static String resolve(String path, Path base) {
    if (hasScheme(path)) {
      return path;
    }
    Path p = Path.of(path);
    return (p.isAbsolute() ? p : base.resolve(p)).normalize().toString();
  }

  private static boolean hasScheme(String path) {
    return Locations.hasScheme(path);
  }

  /** Local paths and globs must match something now, before any work starts. */
  static void checkLocalInputExists(String key, String location) {
    String local = location.startsWith("file:") ? URI.create(location).getPath() : location;
    if (hasScheme(local)) {
      return;
    }
    if (!local.contains("*") && !local.contains("?") && !local.contains("[") && !local.contains("{")) {
      if (!Files.exists(Path.of(local))) {
        throw new SpecException(key + ": no such file or directory: " + local);
      }
      return;
    }
    Path parent = Path.of(local).getParent();
    String pattern = Path.of(local).getFileName().toString();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SpecException(key + ": no such directory for glob: " + local);
    }
    try (DirectoryStream<Path> matches = Files.newDirectoryStream(parent, pattern)) {
      if (!matches.iterator().hasNext()) {
        throw new SpecException(key + ": no files match " + local);
      }
    } catch (IOException e) {
      throw new SpecException(key + ": cannot list " + parent + ": " + e.getMessage());
    }
  }
}
