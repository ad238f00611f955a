package org.coprod.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders the {@link FeatureCatalog} as Markdown for {@code data/README.md}, between
 * {@link #BEGIN} and {@link #END}; a test compares the file with the code so that the
 * documentation cannot drift. {@link #main} rewrites the section in place.
 */
public final class FeatureCatalogMarkdown {

  public static final String BEGIN = "<!-- BEGIN GENERATED FEATURE CATALOG: do not edit, see FeatureCatalogMarkdown.java -->";
  public static final String END = "<!-- END GENERATED FEATURE CATALOG -->";

  private FeatureCatalogMarkdown() {}

  /** The section, markers included, for the built-in features (no centring, no missing indicators). */
  public static String markdown() {
    StringBuilder out = new StringBuilder(BEGIN).append("\n\n");
    out.append("## Features (`coprod features`)\n\n");
    out.append("`citizens/` has one row per respondent and wave: ")
        .append(code(CitizenFeatures.KEYS)).append(", the outcomes ").append(code(CitizenFeatures.OUTCOMES))
        .append(", then the features below in this order. `neighbourhoods/` has one row per neighbourhood and wave ")
        .append("(`neighbourhood_id`, `municipality_id`, `wave` and the neighbourhood features without `nbh_loo_`); ")
        .append("`municipalities/` one row per municipality (`municipality_id` and the `mun_` features); ")
        .append("`feature_catalog/` is this table. A spec's `features:` section can centre a numeric feature ")
        .append("(`grand`, or `{group: neighbourhood_id}` which adds `<feature>_mean_<group>`) and code a survey ")
        .append("feature with a missing indicator (`<feature>_missing`, the value set to the reference level or 0).\n\n");
    out.append("Usage window: an event counts iff `interview_date - window_days <= day(ts) < interview_date` in UTC days ")
        .append("(default 365): the interview day is excluded, the day exactly `window_days` before is included.\n");
    for (FeatureLevel level : List.of(FeatureLevel.CITIZEN, FeatureLevel.NEIGHBOURHOOD, FeatureLevel.MUNICIPALITY)) {
      out.append("\n### ").append(level.label()).append(" level\n\n");
      out.append("| feature | source | transformation | unit | actor | category (review) | expected | reference |\n");
      out.append("|---|---|---|---|---|---|---|---|\n");
      for (CatalogEntry e : FeatureCatalog.entries()) {
        if (e.level() != level) {
          continue;
        }
        out.append("| `").append(e.name()).append("` | ")
            .append(cell(e.sourceColumns())).append(" | ")
            .append(cell(e.transformation())).append(" | ")
            .append(cell(e.unit())).append(" | ")
            .append(e.actor()).append(" | ")
            .append(cell(e.category())).append(" | ")
            .append(e.expectedRole() == null ? "-" : e.expectedRole()).append(" | ")
            .append(e.referenceLevel() == null ? "-" : "`" + e.referenceLevel() + "`").append(" |\n");
      }
    }
    return out.append('\n').append(END).append('\n').toString();
  }

  /** The generated section of a README text, markers included, or null when it has none. */
  public static String section(String readme) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (begin < 0 || end < begin) {
      return null;
    }
    return readme.substring(begin, end + END.length()) + "\n";
  }

  /** Writes the section into {@code data/README.md} (argument: another path), replacing the old one or appending it. */
  public static void main(String[] args) throws IOException {
    Path readme = Path.of(args.length > 0 ? args[0] : "data/README.md");
    String text = Files.exists(readme) ? Files.readString(readme) : "";
    String old = section(text);
    String updated = old == null
        ? (text.isEmpty() ? "" : text.stripTrailing() + "\n\n") + markdown()
        : text.replace(old, markdown());
    Files.createDirectories(readme.toAbsolutePath().getParent());
    Files.writeString(readme, updated);
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String code(List<String> names) {
    return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
  }
}
