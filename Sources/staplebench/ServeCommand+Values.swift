import ArgumentParser
import StapleCore
import StapleEngine

/// The values `serve`'s flags take, read with the grammar scenario files use: durations as
/// `Delay` parses them (held to the scenario limits), outage kinds by their scenario names,
/// addresses by `IPv4Text` and names by `HostName`.
extension ServeCommand {
    /// `--listen IPV4:PORT` parsed.
    static func listen(_ text: String) throws -> (host: String, port: Int) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, IPv4Text.parse(String(parts[0])) != nil, let port = Int(parts[1]), (0...65_535).contains(port) else {
            throw ValidationError("--listen '\(text)' is not IPV4:PORT, e.g. 127.0.0.1:8080")
        }
        return (String(parts[0]), port)
    }

    /// A duration flag parsed, with the flag's name in the error; at most `limit` (a network
    /// time's 10 minutes unless the flag is a policy time, as in scenario files).
    static func delay(_ text: String, flag: String, limit: Delay = Scenario.maxNetworkDelay) throws -> Delay {
        let delay: Delay
        do {
            delay = try Delay(parsing: text)
        } catch {
            throw ValidationError("--\(flag): \(error.description)")
        }
        guard delay <= limit else {
            throw ValidationError("--\(flag): must be at most \(limit), found '\(text)'")
        }
        return delay
    }

    /// `--outage KIND [--outage-from D] [--outage-to D] [--slow-by D]` as one outage, nil without `--outage`.
    static func outage(_ kind: String?, from: String, to: String?, slowBy: String) throws -> ResponderOutage? {
        guard let kind else { return nil }
        let slowBy = try delay(slowBy, flag: "slow-by")
        guard let parsed = ResponderOutage.Kind(name: kind, delay: slowBy) else {
            throw ValidationError("--outage '\(kind)' is not one of \(ResponderOutage.Kind.names.joined(separator: ", "))")
        }
        let window = TimeWindow(from: try delay(from, flag: "outage-from", limit: Scenario.maxPolicyDuration),
                                to: try to.map { try delay($0, flag: "outage-to", limit: Scenario.maxPolicyDuration) })
        guard !window.isEmpty else {
            throw ValidationError("--outage-to: the window ends at \(window.to ?? .zero), not after its start \(window.from); "
                                  + "make --outage-to later than --outage-from (or leave it out: until stopped)")
        }
        return ResponderOutage(kind: parsed, window: window)
    }

    /// `NAME=IPV4` (`--record`, `--resolve`), the name lowercased.
    static func record(_ entry: String, flag: String) throws -> (name: String, address: String) {
        let parts = entry.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, HostName.isValid(parts[0].lowercased()), IPv4Text.parse(parts[1]) != nil else {
            throw ValidationError("--\(flag) '\(entry)' is not NAME=IPV4, e.g. ocsp.ca.test=127.0.0.1")
        }
        return (parts[0].lowercased(), parts[1])
    }

    /// One of a string enum's names (`--policy lazy`), the names listed in the error.
    static func choice<E: RawRepresentable & CaseIterable>(_ text: String, flag: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: text) else {
            throw ValidationError("--\(flag) '\(text)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// `--tls`: one version as scenario files spell it (`1.2`, `1.3`: that version alone) or `both`.
    static func versions(_ text: String) throws -> ClosedRange<TLSVersion> {
        if text == "both" { return .tls12 ... .tls13 }
        guard let version = TLSVersion(rawValue: text) else {
            throw ValidationError("--tls '\(text)' is not \(TLSVersion.allCases.map(\.rawValue).joined(separator: ", ")) or both")
        }
        return version ... version
    }

    /// `--revoke HOST[:reason]`: the host lowercased, the RFC 5280 reason by its name (as a
    /// scenario's `revoked_reason` writes it, any case).
    static func revocation(_ entry: String) throws -> (host: String, reason: RevocationReason?) {
        let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
        guard let host = parts.first?.lowercased(), HostName.isValid(host) else {
            throw ValidationError("--revoke '\(entry)' is not HOST[:reason], e.g. example.com:keyCompromise")
        }
        guard parts.count == 2 else { return (host, nil) }
        guard let reason = RevocationReason(name: parts[1]) else {
            throw ValidationError("--revoke '\(entry)': unknown reason '\(parts[1])' "
                                  + "(one of \(RevocationReason.allCases.map(\.name).joined(separator: ", ")))")
        }
        return (host, reason)
    }
}
