import StapleCore

extension ScenarioDecoder {
    /// The keys of a sweep axis.
    static let sweepKeys = ["field", "fields", "values"]
    /// The most points a sweep grid may have.
    static let maxSweepPoints = 1000

    /// `sweep:`: the axes of the grid. Also records, per axis, the line of each tuple of
    /// values in `sweepLines` (for errors found later at a point of the grid).
    func sweep(_ node: YAMLValue, path: String, base: Scenario) -> [Scenario.Sweep] {
        guard let items = list(node, path: path, example: "[{field: links.client-server.rtt, values: [1ms, 20ms]}]") else {
            return []
        }
        var axes: [Scenario.Sweep] = []
        var axisLines: [[Int]] = []
        var swept: [String: (path: String, axis: Int)] = [:]  // what a field sets → who sets it
        for (index, item) in items.enumerated() {
            let axisPath = "\(path)[\(index)]"
            guard let fields = mapping(item, path: axisPath, known: ScenarioDecoder.sweepKeys) else { continue }
            guard let sweepFields = axisFields(fields, axis: index, swept: &swept, base: base) else { continue }
            guard let valuesNode = fields["values"] else {
                missing(fields, "values", "list the values to sweep through, e.g. values: [1ms, 20ms, 100ms]")
                continue
            }
            guard let (tuples, lines) = axisValues(valuesNode, path: fields.path("values"), fields: sweepFields) else { continue }
            axes.append(Scenario.Sweep(fields: sweepFields, values: tuples))
            axisLines.append(lines)
        }
        // Saturating: seven axes of 1000 values would overflow an Int.
        let points = axes.reduce(1) { product, axis in
            let (next, overflow) = product.multipliedReportingOverflow(by: axis.values.count)
            return overflow ? Int.max : next
        }
        if points > ScenarioDecoder.maxSweepPoints {
            report(.invalidSweep, line: node.mark.line, path: path,
                   "the grid has \(points) points, more than \(ScenarioDecoder.maxSweepPoints); use fewer values or fewer axes")
        }
        sweepLines = axisLines
        return axes
    }

    /// An axis's `field:` or `fields:`, each a sweepable field not swept elsewhere.
    private func axisFields(_ fields: Fields, axis: Int, swept: inout [String: (path: String, axis: Int)],
                            base: Scenario) -> [SweepField]? {
        var names: [(text: String, node: YAMLValue, path: String)] = []
        switch (fields["field"], fields["fields"]) {
        case (nil, nil):
            missing(fields, "fields", "name what to sweep, e.g. field: links.client-server.rtt")
            return nil
        case (.some, .some):
            report(.conflict, line: fields.line("fields"), path: fields.path("fields"),
                   "give field (one) or fields (several moving together), not both")
            return nil
        case (.some(let node), nil):
            guard let text = text(node, path: fields.path("field")) else { return nil }
            names = [(text, node, fields.path("field"))]
        case (nil, .some(let node)):
            guard let items = nonEmptyList(node, path: fields.path("fields"),
                                           example: "[links.client-server.rtt, links.client-responder.rtt]",
                                           empty: "name at least one field") else { return nil }
            for (index, item) in items.enumerated() {
                let itemPath = "\(fields.path("fields"))[\(index)]"
                guard let text = text(item, path: itemPath) else { return nil }
                names.append((text, item, itemPath))
            }
        }
        var result: [SweepField] = []
        var ok = true
        for name in names {
            switch SweepField.parse(name.text, in: base) {
            case .success(let field):
                let sets = ScenarioDecoder.settingIdentity(field)
                if let other = swept[sets] {
                    let message = other.path == field.path
                        ? "'\(field.path)' is already swept by sweep[\(other.axis)]; a field moves along one axis only"
                        : "'\(field.path)' sets the same delay as '\(other.path)' (sweep[\(other.axis)]); sweep one of them"
                    report(other.path == field.path ? .duplicate : .conflict, line: name.node.mark.line, path: name.path, message)
                    ok = false
                    continue
                }
                swept[sets] = (field.path, axis)
                result.append(field)
            case .failure(let error):
                report(.invalidSweep, line: name.node.mark.line, path: name.path,
                       ScenarioDecoder.sweepFieldMessage(name.text, error, base: base))
                ok = false
            }
        }
        return ok ? result : nil
    }

    /// What a field really sets: `rtt` and `delay` of one link set the same thing.
    static func settingIdentity(_ field: SweepField) -> String {
        switch field.target {
        case .link(let pair, "rtt"): return "links.\(pair.rawValue).delay"
        case .clientLink(let name, let pair, "rtt"): return "clients.\(name).links.\(pair.rawValue).delay"
        default: return field.path
        }
    }

    /// The message for a path that names no sweepable field.
    static func sweepFieldMessage(_ path: String, _ error: SweepField.SweepFieldError, base: Scenario) -> String {
        switch error {
        case .unknownField:
            return "unknown field '\(path)'\(ScenarioSpelling.hint(for: path, among: SweepField.allPaths(in: base))); "
                + "sweepable fields are listed in Scenarios/README.md (Sweeps)"
        case .notSweepable:
            return "'\(path)' cannot be swept: a sweep sets single numbers, durations, bandwidths, flags and names, "
                + "not lists or text (see Scenarios/README.md, Sweeps)"
        case .unknownClient(let name, let known):
            return "no client named '\(name)'\(ScenarioSpelling.hint(for: name, among: known))\(ScenarioSpelling.knownList(known))"
        case .unknownSite(let host, let known):
            return "no site '\(host)'\(ScenarioSpelling.hint(for: host, among: known))\(ScenarioSpelling.knownList(known))"
        }
    }

    /// An axis's `values:`: scalars (one value for every field) or lists (one value per field).
    private func axisValues(_ node: YAMLValue, path: String, fields: [SweepField]) -> ([[SweepValue]], [Int])? {
        guard let items = nonEmptyList(node, path: path, example: "[1ms, 20ms, 100ms]", empty: "give at least one value") else {
            return nil
        }
        // One axis longer than the whole grid may be is refused before any value is read.
        guard items.count <= ScenarioDecoder.maxSweepPoints else {
            report(.invalidSweep, line: node.mark.line, path: path,
                   "has \(items.count) values, more than a grid may have (\(ScenarioDecoder.maxSweepPoints)); use fewer values")
            return nil
        }
        var tuples: [[SweepValue]] = []
        var seen: [[SweepValue]: Int] = [:]  // tuple → its index, so that duplicates are found in linear time
        var lines: [Int] = []
        var ok = true
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            var tuple: [SweepValue] = []
            switch item {
            case .scalar where item.isNull:
                report(.wrongType, line: item.mark.line, path: itemPath, "expected a value, found nothing")
                ok = false
                continue
            case .scalar:
                // One value for every field; parse it once per kind of field (and duration limit) so a
                // bad value is reported once.
                var parsed: [String: SweepValue?] = [:]
                for field in fields {
                    let key = "\(field.kind) \(Scenario.durationLimit(for: field.path))"
                    if parsed[key] == nil {
                        parsed[key] = .some(inContext("\(field.path): ") {
                            self.value(item, path: itemPath, kind: field.kind, limitPath: field.path)
                        })
                    }
                    if let value = parsed[key] ?? nil { tuple.append(value) }
                }
            case .sequence(let elements, _):
                guard elements.count == fields.count else {
                    report(.invalidSweep, line: item.mark.line, path: itemPath,
                           "has \(elements.count) value\(elements.count == 1 ? "" : "s") but the axis has \(fields.count) "
                           + "field\(fields.count == 1 ? "" : "s"); give one value per field, in the order of fields")
                    ok = false
                    continue
                }
                for (position, (element, field)) in zip(elements, fields).enumerated() {
                    let parsed: SweepValue? = inContext("\(field.path): ") {
                        self.value(element, path: "\(itemPath)[\(position)]", kind: field.kind, limitPath: field.path)
                    }
                    if let parsed { tuple.append(parsed) }
                }
            case .mapping:
                report(.wrongType, line: item.mark.line, path: itemPath,
                       "expected a value or a list of values (one per field), found a mapping")
                ok = false
                continue
            }
            guard tuple.count == fields.count else { ok = false; continue }
            if let first = seen[tuple] {
                report(.duplicate, line: item.mark.line, path: itemPath, "repeats values[\(first)]; give each value once")
                ok = false
                continue
            }
            seen[tuple] = tuples.count
            tuples.append(tuple)
            lines.append(item.mark.line)
        }
        return ok ? (tuples, lines) : nil
    }
}
