package org.coprod.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The coprod command a cluster test submits, as a parameter: which local files it reads, and
 * its arguments with placeholders that each run fills in.
 *
 * <ul>
 *   <li>{@code {in}}: the folder holding the inputs, a local path for the local-mode run and
 *       an {@code hdfs://} URI for the cluster run;
 *   <li>{@code {out}}: the output folder, local or {@code hdfs://};
 *   <li>{@code {spec}}: a local folder with the {@link #templates} rendered for this run (job
 *       specs are read by the driver from its local disk), with {@code {in}} and {@code {out}}
 *       substituted inside them.
 * </ul>
 *
 * <p>{@link ClusterIT} submits both: {@link #run} on the sample job spec (its input paths and
 * output folder rewritten to {@code {in}/...} and {@code {out}}), and {@link #fit} on golden data.
 */
record CommandUnderTest(String name, Map<String, Path> inputs, Map<String, Path> templates, List<String> arguments) {

  CommandUnderTest {
    Objects.requireNonNull(name, "name is null");
    inputs = Map.copyOf(inputs);
    templates = Map.copyOf(templates);
    arguments = List.copyOf(arguments);
  }

  /** {@code fit --data {in}/<name> ... --out {out}} on one CSV or Parquet file or folder. */
  static CommandUnderTest fit(Path data, String... fitOptions) {
    String file = data.getFileName().toString();
    List<String> arguments = new ArrayList<>(List.of("fit", "--data", "{in}/" + file));
    arguments.addAll(List.of(fitOptions));
    arguments.addAll(List.of("--out", "{out}"));
    return new CommandUnderTest("fit " + String.join(" ", fitOptions), Map.of(file, data), Map.of(), arguments);
  }

  /**
   * {@code run {spec}/job.yaml}: the full pipeline, its inputs staged under {@code {in}} and
   * the job spec template rendered per run (its paths written as {@code {in}/survey.csv},
   * its output folder as {@code {out}}).
   */
  static CommandUnderTest run(Path jobSpecTemplate, Map<String, Path> inputs) {
    return new CommandUnderTest("run " + jobSpecTemplate.getFileName(), inputs, Map.of("job.yaml", jobSpecTemplate),
        List.of("run", "{spec}/job.yaml"));
  }

  /** The arguments for one run, with the templates rendered into {@code specFolder}. */
  List<String> argumentsFor(String in, String out, Path specFolder) throws IOException {
    Files.createDirectories(specFolder);
    for (Map.Entry<String, Path> template : templates.entrySet()) {
      Files.writeString(specFolder.resolve(template.getKey()), substitute(Files.readString(template.getValue()), in, out, specFolder));
    }
    return arguments.stream().map(argument -> substitute(argument, in, out, specFolder)).toList();
  }

  private static String substitute(String text, String in, String out, Path specFolder) {
    return text.replace("{in}", in).replace("{out}", out).replace("{spec}", specFolder.toString());
  }
}
