package org.coprod.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Run summary (run id, tables present or absent, manifest) and data quality. */
final class SummarySection {

  private SummarySection() {}

  static void write(StringBuilder out, RunContents run) {
    out.append("<section id=\"summary\"><h2>Run</h2>\n<dl class=\"facts\">");
    fact(out, "run id", run.runId());
    fact(out, "folder", run.runFolder());
    fact(out, "models", run.fits().size() + " (" + run.fits().stream().filter(RunContents.Fit::converged).count() + " converged)");
    fact(out, "terms", String.valueOf(run.effects().size()));
    out.append("</dl>\n<h3>Tables</h3>\n<ul class=\"tables\">");
    for (Map.Entry<String, Boolean> table : new java.util.TreeMap<>(run.tablesPresent()).entrySet()) {
      out.append("<li class=\"").append(table.getValue() ? "present" : "absent").append("\"><code>").append(Html.escape(table.getKey()))
          .append("</code> ").append(table.getValue() ? "present" : "absent: not written by this run").append("</li>");
    }
    out.append("</ul>\n<h3>Manifest</h3>\n");
    if (run.manifestProblem() != null) {
      out.append("<p class=\"note\">").append(Html.escape(run.manifestProblem())).append("</p>\n");
    }
    if (!run.manifest().isEmpty()) {
      List<List<String>> rows = new ArrayList<>();
      run.manifest().forEach(e -> rows.add(List.of("<code>" + Html.escape(e.getKey()) + "</code>", Html.escape(e.getValue()))));
      out.append("<details><summary>").append(run.manifest().size()).append(" entries</summary>\n");
      Html.table(out, "manifest", List.of("key", "value"), rows);
      out.append("</details>\n");
    }
    out.append("</section>\n");

    out.append("<section id=\"quality\"><h2>Data quality</h2>\n");
    RunContents.GenericTable quality = run.quality();
    if (!run.has("quality")) {
      out.append("<p class=\"note\">No <code>quality</code> table in this run (it is written by the ingest stage; a run of"
          + " <code>fit</code> alone has none).</p>\n");
    } else if (quality.columns().isEmpty()) {
      out.append("<p class=\"note\">The <code>quality</code> table is empty.</p>\n");
    } else {
      int quarantined = quality.columns().indexOf("rows_quarantined");
      List<List<String>> rows = new ArrayList<>();
      for (List<String> row : quality.rows()) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          String cell = Html.escape(row.get(i) == null ? "–" : row.get(i));
          boolean flagged = i == quarantined && row.get(i) != null && !row.get(i).equals("0");
          cells.add(flagged ? "<span class=\"flag\">" + cell + "</span>" : cell);
        }
        rows.add(cells);
      }
      Html.table(out, "quality", quality.columns(), rows);
      if (quality.omitted() > 0) {
        out.append("<p class=\"note\">").append(quality.omitted()).append(" further rows not shown (first ")
            .append(RunReader.MAX_QUALITY_ROWS).append(" by source and rule).</p>\n");
      }
    }
    out.append("</section>\n");
  }

  private static void fact(StringBuilder out, String name, String value) {
    out.append("<dt>").append(Html.escape(name)).append("</dt><dd>").append(Html.escape(value)).append("</dd>");
  }
}
