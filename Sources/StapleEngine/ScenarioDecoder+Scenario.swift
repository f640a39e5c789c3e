import Foundation
import StapleCore

extension ScenarioDecoder {
    /// The top-level keys of a scenario file, in documentation order.
    static let topKeys = ["name", "description", "seed", "time_scale", "modes", "sites", "clients", "server",
                          "responder", "resolver", "links", "workload", "sweep", "crl", "short_lived", "pushed", "simulation"]

    /// Decodes a whole scenario; nil only when the document is not a mapping at all.
    /// Fields with errors fall back to their defaults, so decoding goes on and finds the rest.
    func scenario(_ root: YAMLValue, defaultName: String) -> Scenario? {
        guard let top = mapping(root, path: "", known: ScenarioDecoder.topKeys,
                                what: "a mapping of the scenario's fields (name, sites, clients, …)") else { return nil }
        var name = defaultName
        if let node = top["name"], let text = text(node, path: "name") {
            if ScenarioDecoder.isSimpleName(text, allowDots: true) {
                name = text
            } else {
                report(.invalidValue, line: node.mark.line, path: "name",
                       "'\(text)' cannot name a results folder; use letters, digits, '-', '_' and '.', e.g. my-scenario")
            }
        }
        let description = top["description"].flatMap { text($0, path: "description") } ?? ""
        let seed = top["seed"].flatMap { self.seed($0, path: "seed") } ?? Scenario.defaultSeed
        var timeScale = top["time_scale"].flatMap { positiveNumber($0, path: "time_scale") } ?? 1
        if timeScale > Scenario.timeScaleLimit, let node = top["time_scale"] {
            report(.outOfRange, line: node.mark.line, path: "time_scale",
                   "must be at most \(Int(Scenario.timeScaleLimit)) (a scenario year in about 3 real seconds), found \(timeScale)")
            timeScale = 1
        }
        let modes = self.modes(top)
        let responder = top["responder"].flatMap { self.responder($0, path: "responder") } ?? Scenario.Responder()
        let sites = self.sites(top, responderHost: responder.host)
        let clients = self.clients(top, sites: sites)
        let server = top["server"].flatMap { self.server($0, path: "server") } ?? Scenario.Server()
        let resolver = top["resolver"].flatMap { self.resolver($0, path: "resolver") } ?? Scenario.Resolver()
        let links = top["links"].flatMap { self.links($0, path: "links") } ?? Scenario.Links()
        let workload = top["workload"].flatMap { self.workload($0, path: "workload") } ?? Scenario.Workload()
        var scenario = Scenario(name: name, description: description, seed: seed, timeScale: timeScale, modes: modes,
                                sites: sites, clients: clients, server: server, responder: responder,
                                resolver: resolver, links: links, workload: workload)
        if let crl = top["crl"].flatMap({ self.crl($0, path: "crl") }) { scenario.crl = crl }
        if let settings = top["pushed"].flatMap({ self.pushed($0, path: "pushed") }) { scenario.pushed = settings }
        if let settings = top["short_lived"].flatMap({ self.shortLived($0, path: "short_lived") }) { scenario.shortLived = settings }
        if let node = top["sweep"] { scenario.sweep = sweep(node, path: "sweep", base: scenario) }
        if let node = top["simulation"] { scenario.simulation = simulation(node, path: "simulation") }
        return scenario
    }

    /// A seed: a whole number from 0 to 2^64 − 1.
    func seed(_ node: YAMLValue, path: String) -> UInt64? {
        guard let text = text(node, path: path) else { return nil }
        guard let value = UInt64(text) else {
            report(.wrongType, line: node.mark.line, path: path,
                   "expected a whole number from 0 to \(UInt64.max), found '\(text)'")
            return nil
        }
        return value
    }

    /// `modes:`, each once, at least one.
    func modes(_ top: Fields) -> [Scenario.Mode] {
        guard let node = top["modes"] else { return Scenario.defaultModes }
        let names = Scenario.Mode.allCases.map(\.rawValue).joined(separator: ", ")
        guard let items = nonEmptyList(node, path: "modes", example: "[classic, stapled]",
                                       empty: "list at least one of \(names)") else { return Scenario.defaultModes }
        var modes: [Scenario.Mode] = []
        for (index, item) in items.enumerated() {
            let path = "modes[\(index)]"
            guard let mode = choice(item, path: path, what: "mode", as: Scenario.Mode.self) else { continue }
            if let first = modes.firstIndex(of: mode) {
                report(.duplicate, line: item.mark.line, path: path,
                       "'\(mode.rawValue)' is already modes[\(first)]; list each mode once")
                continue
            }
            modes.append(mode)
        }
        return modes.isEmpty ? Scenario.defaultModes : modes
    }

    /// A URL the server fetches OCSP from: `http://host[:port][/path]`.
    func responderURL(_ node: YAMLValue, path: String) -> URL? {
        guard let text = text(node, path: path) else { return nil }
        let example = "write e.g. http://ocsp.ca.test/ or http://127.0.0.1:8080/ocsp"
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty, let url = components.url else {
            report(.invalidValue, line: node.mark.line, path: path, "'\(text)' is not a URL; \(example)")
            return nil
        }
        guard scheme == "http" else {
            report(.invalidValue, line: node.mark.line, path: path,
                   "'\(text)' uses \(scheme); OCSP is fetched over plain http (RFC 6960 Appendix A); \(example)")
            return nil
        }
        if let port = components.port, !(1...65_535).contains(port) {
            report(.invalidValue, line: node.mark.line, path: path, "port \(port) in '\(text)' is not 1–65535")
            return nil
        }
        // A name is resolved by the run's own resolver; an address must be on this machine's loopback.
        if (IPv4Text.parse(host) != nil && !IPv4Text.isLoopback(host)) || host.contains(":") {
            report(.invalidValue, line: node.mark.line, path: path,
                   "'\(host)' is not a 127.0.0.0/8 address; a run only talks to loopback (use a name, or e.g. http://127.0.0.1:8080/)")
            return nil
        }
        return url
    }
}
