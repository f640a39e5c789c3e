import Foundation
import StapleCore

/// A field a sweep can set, named by its path in the scenario file:
/// `links.client-server.rtt`, `server.policy`, `clients.Alice.timeout`,
/// `sites.example.com.key`, `workload.concurrency`, …
///
/// Clients and sites are named by their `name` and `host`, not their position.
/// The full list is in `Scenarios/README.md` ("Sweeps").
public struct SweepField: Hashable, Sendable, CustomStringConvertible {
    /// The path as written in the file.
    public let path: String
    /// What the path sets.
    let target: Target

    init(path: String, target: Target) {
        self.path = path
        self.target = target
    }

    /// The path.
    public var description: String { path }

    /// What a sweep path sets.
    enum Target: Hashable, Sendable {
        case seed
        case timeScale
        /// A field of ``Scenario/Link/Override/fields`` of a top-level link, by its key.
        case link(Scenario.LinkPair, String)
        /// A field of ``Scenario/Link/Override/fields`` of a client's link (client name, pair, key).
        case clientLink(String, Scenario.LinkPair, String)
        /// A field of ``Scenario/Client/fields`` (client name, key).
        case client(String, String)
        /// A field of ``Scenario/Site/fields`` (site host, key).
        case site(String, String)
        /// A sweepable row of a section of one mapping (``sections``): the section's name, the key.
        case section(String, String)
    }

    /// The type of value a field takes.
    enum ValueKind: Hashable, Sendable {
        case delay(positive: Bool)
        case bandwidth
        case integer(min: Int, max: Int = .max)
        case positiveNumber
        case flag
        case choice(what: String, names: [String])
    }

    /// The type of value this field takes.
    var kind: ValueKind {
        switch target {
        case .seed: return .integer(min: 0)
        case .timeScale: return .positiveNumber
        // `parse` makes these targets only for a sweepable row.
        case .link(_, let key), .clientLink(_, _, let key):
            return Scenario.Link.Override.field(key)?.kind ?? .flag
        case .client(_, let key):
            return Scenario.Client.field(key)?.kind ?? .flag
        case .site(_, let key):
            return Scenario.Site.field(key)?.kind ?? .flag
        case .section(let name, let key):
            return SweepField.section(name)?.kind(key) ?? .flag
        }
    }

    /// Every path a sweep can name in `scenario` (with its real client names and site hosts).
    static func allPaths(in scenario: Scenario) -> [String] {
        let link = Scenario.Link.Override.fields
        var paths = ["seed", "time_scale"]
        for pair in Scenario.LinkPair.allCases {
            paths += ScenarioField.paths(link, under: "links.\(pair.rawValue)")
        }
        for client in scenario.clients {
            paths += ScenarioField.paths(Scenario.Client.fields, under: "clients.\(client.name)")
            for pair in Scenario.LinkPair.allCases where pair.isClientLink {
                paths += ScenarioField.paths(link, under: "clients.\(client.name).links.\(pair.rawValue)")
            }
        }
        for site in scenario.sites {
            paths += ScenarioField.paths(Scenario.Site.fields, under: "sites.\(site.host)")
        }
        for section in sections { paths += section.paths(true) }
        return paths
    }

    /// Fields of the schema that a sweep cannot set (lists, names, free text), by path
    /// with `*` for a client name, site host or link pair: the rows of the field tables that
    /// are not sweepable, and the sections and lists themselves.
    static let notSweepable: Set<String> = Set(
        sections.flatMap { $0.paths(false) }
            + ScenarioField.paths(Scenario.Client.fields, under: "clients.*", sweepable: false)
            + ScenarioField.paths(Scenario.Site.fields, under: "sites.*", sweepable: false)
            + ScenarioField.paths(Scenario.Link.Override.fields, under: "links.*", sweepable: false)
            + ScenarioField.paths(Scenario.Link.Override.fields, under: "clients.*.links.*", sweepable: false)
    ).union([
        "name", "description", "modes", "sites", "clients", "links", "sweep", "links.*", "clients.*",
        "clients.*.links.*", "sites.*",
    ]).union(sections.map(\.name))

    /// The field `path` names in `scenario`, or why it names none.
    static func parse(_ path: String, in scenario: Scenario) -> Result<SweepField, SweepFieldError> {
        func make(_ target: Target) -> Result<SweepField, SweepFieldError> { .success(SweepField(path: path, target: target)) }
        var parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // A site's host has dots of its own: `sites.example.com.key` is sites / example.com / key.
        if parts.first == "sites", parts.count >= 3 {
            parts = ["sites", parts[1..<(parts.count - 1)].joined(separator: "."), parts[parts.count - 1]]
        } else if parts.first == "sites", parts.count == 2 {
            parts = ["sites", parts[1]]
        }
        switch (parts.first ?? "", parts.count) {
        case ("seed", 1): return make(.seed)
        case ("time_scale", 1): return make(.timeScale)
        case ("links", 3):
            if let pair = Scenario.LinkPair(rawValue: parts[1]), Scenario.Link.Override.field(parts[2])?.sweepable == true {
                return make(.link(pair, parts[2]))
            }
        case (let name, 2) where SweepField.section(name)?.kind(parts[1]) != nil:
            return make(.section(name, parts[1]))
        case ("clients", 2...):
            let name = parts[1]
            guard scenario.clients.contains(where: { $0.name == name }) else {
                return .failure(.unknownClient(name, known: scenario.clients.map(\.name)))
            }
            if parts.count == 3, Scenario.Client.field(parts[2])?.sweepable == true { return make(.client(name, parts[2])) }
            if parts.count == 5, parts[2] == "links", let pair = Scenario.LinkPair(rawValue: parts[3]),
               pair.isClientLink, Scenario.Link.Override.field(parts[4])?.sweepable == true {
                return make(.clientLink(name, pair, parts[4]))
            }
        case ("sites", 2...):
            let host = parts[1]
            guard scenario.sites.contains(where: { $0.host == host }) else {
                return .failure(.unknownSite(host, known: scenario.sites.map(\.host)))
            }
            if parts.count == 3, Scenario.Site.field(parts[2])?.sweepable == true { return make(.site(host, parts[2])) }
        default:
            break
        }
        // Not sweepable, or not a field at all?
        var pattern = parts
        if ["clients", "sites", "links"].contains(pattern.first), pattern.count >= 2 { pattern[1] = "*" }
        if pattern.first == "clients", pattern.count >= 4, pattern[2] == "links" { pattern[3] = "*" }
        if notSweepable.contains(pattern.joined(separator: ".")) { return .failure(.notSweepable) }
        return .failure(.unknownField)
    }

    /// Why a sweep path names no sweepable field.
    enum SweepFieldError: Error, Hashable {
        /// Not a field of the schema.
        case unknownField
        /// A field of the schema that a sweep cannot set (lists, names, text).
        case notSweepable
        /// `clients.NAME…` with no such client.
        case unknownClient(String, known: [String])
        /// `sites.HOST…` with no such site.
        case unknownSite(String, known: [String])
    }
}
