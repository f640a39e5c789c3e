/// The report's inline CSS: system fonts, no external resources, readable from phone to desktop.
///
/// Tables and charts sit in horizontally scrolling wrappers with a minimum width, so on a
/// narrow screen they scroll instead of shrinking to unreadable text or being cut off.
enum HTMLReportStyle {
    /// The stylesheet.
    static let css = """
        :root { color-scheme: light; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #fafafa; }
        main { max-width: 1100px; margin: 0 auto; padding: 16px; box-sizing: border-box; }
        h1 { font-size: 1.6em; margin: 0.4em 0 0.2em; overflow-wrap: anywhere; }
        h2 { font-size: 1.2em; margin: 1.6em 0 0.5em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
        h3 { font-size: 1em; margin: 1em 0 0.3em; }
        p { margin: 0.4em 0; }
        .meta { color: #555; font-size: 0.9em; overflow-wrap: anywhere; }
        .warning { background: #fff3cd; border: 1px solid #e0c36c; padding: 6px 10px; border-radius: 4px; }
        .scroll { overflow-x: auto; max-width: 100%; }
        table { border-collapse: collapse; font-size: 0.9em; background: #fff; }
        th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: right; white-space: nowrap; }
        th { background: #f0f0f0; font-weight: 600; white-space: normal; }
        td.text, th.observer { text-align: left; }
        table.privacy td { text-align: left; vertical-align: top; white-space: normal; min-width: 6em; }
        table.privacy th.host { overflow-wrap: anywhere; }
        td.learned { background: #fde8e0; }
        td.none { color: #999; text-align: center; }
        .via { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; }
        .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border-radius: 2px; }
        .verdict { font-weight: 600; }
        p.legend { font-size: 0.85em; color: #444; }
        figure { margin: 0.6em 0 1.2em; }
        figcaption { font-size: 0.9em; color: #444; margin-bottom: 4px; overflow-wrap: anywhere; }
        .figure-scroll { overflow-x: auto; max-width: 100%; background: #fff; border: 1px solid #e5e5e5; }
        svg.chart { display: block; width: 100%; min-width: 640px; height: auto; font-family: system-ui, sans-serif; }
        svg .grid { stroke: #e6e6e6; stroke-width: 1; }
        svg .tick { font-size: 11px; fill: #555; }
        svg .axis-title { font-size: 12px; fill: #333; }
        svg .lane { font-size: 13px; font-weight: 600; fill: #222; }
        svg .lifeline { stroke: #aaa; stroke-width: 1; stroke-dasharray: 4 3; }
        svg .arrow { stroke-width: 2; }
        svg .phase { stroke-width: 7; stroke-opacity: 0.45; stroke-linecap: butt; }
        svg .arrowhead { fill: #333; }
        svg .leader { stroke: #c8c8c8; stroke-width: 1; stroke-dasharray: 2 2; }
        svg .label { font-size: 12px; fill: #222; }
        svg .legend { font-size: 12px; fill: #222; }
        svg .series { fill: none; stroke-width: 2; }
        svg .model { stroke-dasharray: 6 4; stroke-width: 1.5; }
        svg .whisker { stroke-width: 1; opacity: 0.6; }
        footer { margin: 2em 0 1em; color: #777; font-size: 0.85em; }
        """
}
