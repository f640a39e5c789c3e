import StapleCore

extension ScenarioDecoder {
    /// A list of items that each hold for a time window and have a `kind` (a link's `faults:`,
    /// the responder's `outages:`): each item's keys checked, its `kind` present and one of
    /// `names`, the rest of the kind read by `kind` (nil after reporting), its window valid; no
    /// two windows may overlap (`oneAtATime` says why). Returned in time order.
    func windowedList<Kind, Item>(_ node: YAMLValue, path: String, example: String, keys: [String],
                                  what: String, names: [String], kindHint: String, oneAtATime: String,
                                  kind: (Fields, String) -> Kind?, item: (Kind, Scenario.TimeWindow) -> Item,
                                  window: (Item) -> Scenario.TimeWindow) -> [Item] {
        guard let items = list(node, path: path, example: example) else { return [] }
        var decoded: [(index: Int, item: Item, line: Int)] = []
        for (index, entry) in items.enumerated() {
            guard let fields = mapping(entry, path: "\(path)[\(index)]", known: keys) else { continue }
            guard let kindNode = fields["kind"] else {
                missing(fields, "kind", "\(kindHint): one of \(names.joined(separator: ", "))")
                continue
            }
            guard let kindName = choice(kindNode, path: fields.path("kind"), what: what, names: names),
                  let value = kind(fields, kindName), let span = self.window(fields) else { continue }
            decoded.append((index, item(value, span), kindNode.mark.line))
        }
        reportOverlaps(decoded.map { ($0.index, window($0.item), $0.line) }, path: path, what: oneAtATime)
        return decoded.map(\.item).sorted { window($0).from < window($1).from }
    }

    /// `from` and `to` of an outage or fault; nil (after reporting) when `to` is not after `from`.
    func window(_ fields: Fields) -> Scenario.TimeWindow? {
        let from = fields["from"].flatMap { delay($0, path: fields.path("from")) } ?? .zero
        let to = fields["to"].flatMap { delay($0, path: fields.path("to")) }
        let window = Scenario.TimeWindow(from: from, to: to)
        if let to, window.isEmpty {
            report(.emptyWindow, line: fields.line("to"), path: fields.path("to"),
                   "the window ends at \(to), not after its start \(from); make to later than from "
                   + "(or leave to out: until the run ends)")
            return nil
        }
        return window
    }

    /// Reports every window that overlaps an earlier one of the same list.
    func reportOverlaps(_ windows: [(index: Int, window: Scenario.TimeWindow, line: Int)], path: String, what: String) {
        for (position, item) in windows.enumerated() {
            if let earlier = windows[..<position].first(where: { $0.window.overlaps(item.window) }) {
                report(.conflict, line: item.line, path: "\(path)[\(item.index)]",
                       "its window \(item.window) overlaps \(path.split(separator: ".").last ?? "")[\(earlier.index)] "
                       + "\(earlier.window); \(what)")
            }
        }
    }
}
