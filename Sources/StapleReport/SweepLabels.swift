/// Sweep-point labels (`field=value,field=value`) shortened to their values, when every label
/// sets the same fields in the same order: `links.client-responder.rtt=1ms` → `1ms`, with the
/// fields said once (`links.client-responder.rtt`).
public struct SweepLabels: Hashable, Sendable {
    /// The fields every label sets, joined by `,`.
    public var fields: String
    /// Each label's values, joined by `,`.
    public var values: [String: String]

    /// `nil` when the labels do not all set the same fields (or there are none).
    public init?(_ labels: [String]) {
        var fields: [String]?
        var values: [String: String] = [:]
        for label in labels where values[label] == nil {
            var names: [String] = [], parts: [String] = []
            for part in label.split(separator: ",", omittingEmptySubsequences: false) {
                guard let equals = part.firstIndex(of: "=") else { return nil }
                names.append(String(part[..<equals]))
                parts.append(String(part[part.index(after: equals)...]))
            }
            guard fields == nil || fields == names else { return nil }
            fields = names
            values[label] = parts.joined(separator: ",")
        }
        guard let fields, !fields.isEmpty else { return nil }
        self.fields = fields.joined(separator: ",")
        self.values = values
    }
}
