package org.coprod.report;

import java.util.ArrayList;
import java.util.List;
import org.coprod.report.RunContents.Effect;

/**
 * The review's four quadrants — government barriers, government enablers, citizen barriers,
 * citizen enablers — filled with the estimated factors of every model: a term goes to the
 * quadrant of its {@code actor} and estimated {@code role}. Terms with no evidence either way,
 * and terms whose actor is unknown or mixed (interactions across actors), are listed below
 * the grid so that nothing silently disappears.
 */
final class QuadrantSection {

  private QuadrantSection() {}

  /** What the review (seeds/000) says belongs in each quadrant, shown as the cell's caption. */
  private static String reviewSays(String actor, String role) {
    return switch (actor + "/" + role) {
      case "government/barrier" -> "Shortage of finance, inadequate technical skills of staff, complex regulation; resistance of professional staff to ICTs.";
      case "government/enabler" -> "Lower-cost ICT solutions, adequate staff training, regulation adapted to ICT co-production; programmes that restore trust.";
      case "citizen/barrier" -> "Older age and female gender in ICT use; worries about technology; lack of trust in government; ethnic, social and language differences; fear of losing face-to-face contact.";
      default -> "Tailored digital training; ICTs that create new collaborations between citizens.";
    };
  }

  static void write(StringBuilder out, List<Effect> effects) {
    out.append("<section id=\"quadrants\"><h2>Barriers and enablers</h2>\n");
    out.append("<p>Each estimated factor in the quadrant of its actor (the review's taxonomy) and its estimated role: a barrier when the"
        + " 95% CI of its odds ratio lies below 1, an enabler when above 1. ✔ marks agreement with the role the review leads one to"
        + " expect, ✘ a contradiction.</p>\n");
    List<Effect> terms = effects.stream().filter(e -> !e.isIntercept() && !e.aliased()).toList();
    out.append("<table class=\"quadrants\"><colgroup><col class=\"actor\"><col><col></colgroup><thead><tr><th></th><th>Barriers (OR &lt; 1)</th><th>Enablers (OR &gt; 1)</th></tr></thead><tbody>\n");
    for (String actor : List.of("government", "citizen")) {
      out.append("<tr><th scope=\"row\">").append(actor.substring(0, 1).toUpperCase()).append(actor.substring(1)).append("</th>");
      for (String role : List.of("barrier", "enabler")) {
        List<Effect> cell = terms.stream().filter(e -> actor.equals(e.actor()) && role.equals(e.role())).toList();
        out.append("<td class=\"quadrant ").append(role).append("-cell\" data-quadrant=\"").append(actor).append('-').append(role).append("\">");
        out.append("<p class=\"review\">Review: ").append(Html.escape(reviewSays(actor, role))).append("</p>");
        factorList(out, cell, true);
        out.append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</tbody></table>\n");

    List<Effect> noEvidence = terms.stream().filter(e -> isKnownActor(e) && "no evidence".equals(e.role())).toList();
    out.append("<h3>No evidence either way (95% CI includes OR = 1)</h3>\n");
    factorList(out, noEvidence, true);
    List<Effect> unclassified = terms.stream().filter(e -> !isKnownActor(e)).toList();
    out.append("<h3>Not in the review's taxonomy</h3>\n<p>Terms whose variable the feature catalog does not know, or that mix actors"
        + " (cross-actor interactions), with their estimated role.</p>\n");
    factorList(out, unclassified, false);
    out.append("</section>\n");
  }

  private static boolean isKnownActor(Effect e) {
    return "government".equals(e.actor()) || "citizen".equals(e.actor());
  }

  private static void factorList(StringBuilder out, List<Effect> effects, boolean showExpectation) {
    if (effects.isEmpty()) {
      out.append("<p class=\"none\">none</p>");
      return;
    }
    out.append("<ul class=\"factors\">");
    for (Effect e : effects) {
      List<String> parts = new ArrayList<>();
      parts.add("<span class=\"term\">" + Html.escape(e.term()) + "</span>");
      parts.add("OR " + Html.oddsRatio(e.oddsRatio(), e.orCiLow(), e.orCiHigh()));
      parts.add("<span class=\"model\">" + Html.escape(e.modelId()) + " → " + Html.escape(e.outcome()) + "</span>");
      if (e.category() != null) {
        parts.add("<span class=\"category\">" + Html.escape(e.category()) + "</span>");
      }
      if (!showExpectation) {
        parts.add("<span class=\"role " + ForestPlot.roleClass(e.role()) + "\">" + Html.escape(e.role() == null ? "–" : e.role()) + "</span>");
      } else if (e.expectedRole() != null && e.role() != null && !"no evidence".equals(e.role())) {
        boolean agrees = e.expectedRole().equals(e.role());
        parts.add("<span class=\"" + (agrees ? "agrees" : "contradicts") + "\" title=\"expected: " + Html.escape(e.expectedRole()) + "\">"
            + (agrees ? "✔ as expected" : "✘ expected " + Html.escape(e.expectedRole())) + "</span>");
      } else if (e.expectedRole() != null) {
        parts.add("<span class=\"expected\">expected " + Html.escape(e.expectedRole()) + "</span>");
      }
      out.append("<li>").append(String.join(" · ", parts)).append("</li>");
    }
    out.append("</ul>\n");
  }
}
