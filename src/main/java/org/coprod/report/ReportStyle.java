package org.coprod.report;

/** The report's stylesheet, inline so that the file is self-contained. Colours are colour-blind safe (Okabe-Ito). */
final class ReportStyle {

  static final String CSS = """
      body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; margin: 0 auto; max-width: 1000px; padding: 0 16px 40px; }
      header { border-bottom: 2px solid #0072b2; margin-bottom: 12px; }
      h1 { font-size: 22px; margin: 18px 0 4px; }
      h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
      h3 { font-size: 15px; margin: 16px 0 6px; }
      nav a { color: #0072b2; text-decoration: none; }
      code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f4f4f4; padding: 0 3px; }
      table { border-collapse: collapse; margin: 6px 0; font-size: 13px; }
      th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
      thead th { background: #f2f5f8; }
      dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
      dl.facts dt { font-weight: 600; }
      dl.facts dd { margin: 0; word-break: break-all; }
      ul.tables li.absent { color: #888; }
      .note { color: #555; font-size: 13px; }
      .flag { color: #d55e00; font-weight: 600; }
      .ok { color: #009e73; }
      table.quadrants { width: 100%; table-layout: fixed; }
      table.quadrants col.actor { width: 110px; }
      td.quadrant { padding: 6px 8px; }
      td.barrier-cell { background: #fdf1ea; }
      td.enabler-cell { background: #eaf3fa; }
      p.review { font-size: 12px; color: #666; font-style: italic; margin: 0 0 6px; }
      ul.factors { margin: 0; padding-left: 18px; }
      ul.factors li { margin: 2px 0; }
      span.term { font-weight: 600; }
      span.model, span.category { color: #555; }
      span.agrees { color: #009e73; }
      span.contradicts { color: #d55e00; }
      figure { margin: 12px 0 20px; }
      figcaption { font-weight: 600; margin-bottom: 4px; }
      svg.plot { display: block; max-width: 100%; height: auto; font-size: 12px; }
      svg .grid { stroke: #eee; }
      svg .axis { stroke: #444; }
      svg .reference { stroke: #444; stroke-dasharray: 4 3; }
      svg .tick { fill: #444; }
      svg .axis-title { fill: #333; font-size: 12px; }
      svg .vertical { writing-mode: vertical-rl; }
      svg .term { fill: #222; }
      svg .value { fill: #333; font-variant-numeric: tabular-nums; }
      svg .value.wider { fill: #d55e00; font-weight: 600; }
      svg .empty { fill: #888; }
      svg line.forest-ci, svg line.clipped { stroke-width: 2; }
      svg .barrier { stroke: #d55e00; fill: #d55e00; }
      svg .enabler { stroke: #0072b2; fill: #0072b2; }
      svg .neutral { stroke: #999; fill: #999; }
      svg line.group-ci { stroke: #9ab; stroke-width: 1; }
      svg circle.group-point { fill: #0072b2; }
      svg line.divide-ict-ci { stroke: #cc79a7; stroke-width: 2; }
      svg circle.divide-ict, svg circle.divide-key-ict { fill: #cc79a7; stroke: #cc79a7; }
      svg line.divide-traditional-ci { stroke: #009e73; stroke-width: 2; }
      svg circle.divide-traditional, svg circle.divide-key-traditional { fill: #fff; stroke: #009e73; stroke-width: 2; }
      .legend .key.barrier { color: #d55e00; } .legend .key.enabler { color: #0072b2; } .legend .key.neutral { color: #999; }
      footer { margin-top: 30px; font-size: 12px; color: #777; border-top: 1px solid #ddd; padding-top: 8px; }
      """;

  private ReportStyle() {}
}
