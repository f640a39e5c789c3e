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

    /// The key of a link field.
    enum LinkKey: String, Hashable, Sendable, CaseIterable {
        case delay, rtt, jitter, bandwidth
    }

    /// The key of a client field.
    enum ClientKey: String, Hashable, Sendable, CaseIterable {
        case count, fail, timeout, method, check
        case mustStaple = "must_staple"
        case fallback, cache
        case onlineOCSP = "online_ocsp"
    }

    /// The key of a site field.
    enum SiteKey: String, Hashable, Sendable, CaseIterable {
        case mustStaple = "must_staple"
        case status, intermediate, key
    }

    /// The key of a `crl` field.
    enum CRLKey: String, Hashable, Sendable, CaseIterable {
        case entries
        case nextUpdate = "next_update"
        case shards
    }

    /// What a sweep path sets.
    enum Target: Hashable, Sendable {
        case seed
        case timeScale
        case link(Scenario.LinkPair, LinkKey)
        case clientLink(String, Scenario.LinkPair, LinkKey)
        case client(String, ClientKey)
        case site(String, SiteKey)
        /// A field of ``Scenario/Server/fields`` with a value kind, by its key.
        case server(String)
        /// A field of ``Scenario/Responder/fields`` with a value kind, by its key.
        case responder(String)
        case resolverDelay
        /// A field of ``Scenario/Workload/fields``, by its key.
        case workload(String)
        case crl(CRLKey)
        case shortLivedLifetime
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
        case .link(_, let key), .clientLink(_, _, let key):
            return key == .bandwidth ? .bandwidth : .delay(positive: false)
        case .client(_, let key):
            switch key {
            case .count: return .integer(min: 1)
            case .fail: return .choice(what: "fail mode", names: RevocationProfile.FailMode.allCases.map(\.rawValue))
            case .timeout: return .delay(positive: true)
            case .method: return .choice(what: "method", names: RevocationProfile.Method.allCases.map(\.rawValue))
            case .check: return .choice(what: "check", names: RevocationProfile.ChainCheck.allCases.map(\.rawValue))
            case .mustStaple:
                return .choice(what: "must_staple choice", names: RevocationProfile.MustStaple.allCases.map(\.rawValue))
            case .fallback: return .choice(what: "fallback", names: RevocationProfile.Fallback.allCases.map(\.rawValue))
            case .cache, .onlineOCSP: return .flag
            }
        case .site(_, let key):
            switch key {
            case .mustStaple, .intermediate: return .flag
            case .status: return .choice(what: "status", names: ["good", "revoked", "unknown"])
            case .key: return .choice(what: "key type", names: Scenario.Site.KeyType.allCases.map(\.rawValue))
            }
        case .server(let key):
            // `parse` makes this target only for a row with a kind.
            return Scenario.Server.field(key)?.kind ?? .flag
        case .responder(let key):
            return Scenario.Responder.field(key)?.kind ?? .flag
        case .resolverDelay: return .delay(positive: false)
        case .crl(let key):
            switch key {
            case .entries: return .integer(min: Scenario.CRL.entriesRange.lowerBound, max: Scenario.CRL.entriesRange.upperBound)
            case .nextUpdate: return .delay(positive: true)
            case .shards: return .integer(min: Scenario.CRL.shardsRange.lowerBound, max: Scenario.CRL.shardsRange.upperBound)
            }
        case .shortLivedLifetime: return .delay(positive: true)
        case .workload(let key):
            return Scenario.Workload.field(key)?.kind ?? .flag
        }
    }

    /// Every path a sweep can name in `scenario` (with its real client names and site hosts).
    static func allPaths(in scenario: Scenario) -> [String] {
        var paths = ["seed", "time_scale"]
        for pair in Scenario.LinkPair.allCases {
            paths += LinkKey.allCases.map { "links.\(pair.rawValue).\($0.rawValue)" }
        }
        for client in scenario.clients {
            paths += ClientKey.allCases.map { "clients.\(client.name).\($0.rawValue)" }
            for pair in Scenario.LinkPair.allCases where pair.isClientLink {
                paths += LinkKey.allCases.map { "clients.\(client.name).links.\(pair.rawValue).\($0.rawValue)" }
            }
        }
        for site in scenario.sites {
            paths += SiteKey.allCases.map { "sites.\(site.host).\($0.rawValue)" }
        }
        paths += Scenario.Server.fields.filter { $0.kind != nil }.map { "server.\($0.key)" }
        paths += Scenario.Responder.fields.filter { $0.kind != nil }.map { "responder.\($0.key)" }
        paths.append("resolver.delay")
        paths += Scenario.Workload.fields.map { "workload.\($0.key)" }
        paths += CRLKey.allCases.map { "crl.\($0.rawValue)" }
        paths.append("short_lived.lifetime")
        return paths
    }

    /// Fields of the schema that a sweep cannot set (lists, names, free text), by path
    /// with `*` for a client name, site host or link pair.
    static let notSweepable: Set<String> = Set(Scenario.Server.fields.filter { $0.kind == nil }.map { "server.\($0.key)" }).union([
        "name", "description", "modes", "sites", "clients", "links", "server", "responder", "resolver", "workload",
        "crl", "short_lived", "pushed", "pushed.interval", "pushed.entries", "sites.*.revoke_at",
        "clients.*.short_lived_threshold",
        "sweep", "responder.host", "responder.outages", "links.*",
        "links.*.faults", "clients.*", "clients.*.name", "clients.*.profile", "clients.*.visits", "clients.*.links",
        "clients.*.links.*", "clients.*.links.*.faults", "sites.*", "sites.*.host", "sites.*.revoked_reason",
    ])

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
        case ("resolver", 2) where parts[1] == "delay": return make(.resolverDelay)
        case ("links", 3):
            if let pair = Scenario.LinkPair(rawValue: parts[1]), let key = LinkKey(rawValue: parts[2]) {
                return make(.link(pair, key))
            }
        case ("server", 2):
            if Scenario.Server.field(parts[1])?.kind != nil { return make(.server(parts[1])) }
        case ("responder", 2):
            if Scenario.Responder.field(parts[1])?.kind != nil { return make(.responder(parts[1])) }
        case ("workload", 2):
            if Scenario.Workload.field(parts[1]) != nil { return make(.workload(parts[1])) }
        case ("crl", 2):
            if let key = CRLKey(rawValue: parts[1]) { return make(.crl(key)) }
        case ("short_lived", 2) where parts[1] == "lifetime": return make(.shortLivedLifetime)
        case ("clients", 2...):
            let name = parts[1]
            guard scenario.clients.contains(where: { $0.name == name }) else {
                return .failure(.unknownClient(name, known: scenario.clients.map(\.name)))
            }
            if parts.count == 3, let key = ClientKey(rawValue: parts[2]) { return make(.client(name, key)) }
            if parts.count == 5, parts[2] == "links", let pair = Scenario.LinkPair(rawValue: parts[3]),
               pair.isClientLink, let key = LinkKey(rawValue: parts[4]) {
                return make(.clientLink(name, pair, key))
            }
        case ("sites", 2...):
            let host = parts[1]
            guard scenario.sites.contains(where: { $0.host == host }) else {
                return .failure(.unknownSite(host, known: scenario.sites.map(\.host)))
            }
            if parts.count == 3, let key = SiteKey(rawValue: parts[2]) { return make(.site(host, key)) }
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
