/// Builds one inline `<svg>` element as text: well-formed XML, no external references.
///
/// Coordinates are in the `viewBox`'s units and written with one decimal; all text is escaped.
/// The element scales to its container's width (CSS class `chart`).
public struct SVGDocument: Sendable {
    /// The view box width.
    public let width: Double
    /// The view box height.
    public let height: Double
    /// What the chart shows, for screen readers (`<title>`).
    public let title: String
    private var body: [String] = []

    /// An empty drawing.
    public init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// A number as an attribute value.
    public static func n(_ value: Double) -> String {
        FixedPoint.string(value.isFinite ? value : 0, decimals: 1) ?? "0.0"
    }

    /// Adds raw, already well-formed markup.
    public mutating func raw(_ markup: String) { body.append(markup) }

    /// A line.
    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cssClass: String,
                              style: String = "", markerEnd: String? = nil) {
        body.append("<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\""
                    + attributes(cssClass, style) + (markerEnd.map { " marker-end=\"url(#\($0))\"" } ?? "") + "/>")
    }

    /// A rectangle.
    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, cssClass: String,
                              style: String = "", tooltip: String? = nil) {
        let open = "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(max(w, 0)))\" "
            + "height=\"\(Self.n(max(h, 0)))\"" + attributes(cssClass, style)
        body.append(tooltip.map { open + "><title>\(HTMLText.escape($0))</title></rect>" } ?? open + "/>")
    }

    /// A circle.
    public mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, cssClass: String, style: String = "",
                                tooltip: String? = nil) {
        let open = "<circle cx=\"\(Self.n(cx))\" cy=\"\(Self.n(cy))\" r=\"\(Self.n(r))\"" + attributes(cssClass, style)
        body.append(tooltip.map { open + "><title>\(HTMLText.escape($0))</title></circle>" } ?? open + "/>")
    }

    /// A polyline through `points`.
    public mutating func polyline(_ points: [(Double, Double)], cssClass: String, style: String = "") {
        guard !points.isEmpty else { return }
        let list = points.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        body.append("<polyline points=\"\(list)\"" + attributes(cssClass, style) + "/>")
    }

    /// Text at a point; `anchor` is `start`, `middle` or `end`.
    public mutating func text(_ x: Double, _ y: Double, _ content: String, cssClass: String = "",
                              anchor: String = "start", tooltip: String? = nil) {
        let inner = HTMLText.escape(content) + (tooltip.map { "<title>\(HTMLText.escape($0))</title>" } ?? "")
        body.append("<text x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" text-anchor=\"\(anchor)\""
                    + attributes(cssClass, "") + ">\(inner)</text>")
    }

    /// An arrowhead marker with id `id`, filled with `color`.
    public mutating func arrowMarker(id: String, color: String) {
        body.append("<defs><marker id=\"\(id)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                    + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                    + "class=\"arrowhead\" style=\"fill:\(HTMLText.escape(color))\"/></marker></defs>")
    }

    /// The `<svg>` element.
    public var markup: String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Self.n(width)) \(Self.n(height))\" role=\"img\" "
            + "preserveAspectRatio=\"xMinYMin meet\"><title>\(HTMLText.escape(title))</title>"
            + body.joined() + "</svg>"
    }

    private func attributes(_ cssClass: String, _ style: String) -> String {
        (cssClass.isEmpty ? "" : " class=\"\(HTMLText.escape(cssClass))\"")
            + (style.isEmpty ? "" : " style=\"\(HTMLText.escape(style))\"")
    }
}
