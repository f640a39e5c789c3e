import StapleCore

/// Checks that need several fields of a typed scenario at once (the decoder checks each
/// field on its own). Run on the scenario as loaded and on every point of its sweep grid.
enum ScenarioValidator {
    /// One combination that cannot hold.
    struct Issue: Hashable {
        /// The kind of mistake.
        var code: ScenarioError.Code
        /// The file paths involved; the first one seen in the file is where the error is reported.
        var paths: [String]
        /// The sweep paths of the fields involved (so a sweep point can blame its own value).
        var sweepFields: [String]
        /// What is wrong and how to fix it.
        var message: String
    }

    /// Every combination in `scenario` that cannot hold.
    static func issues(in scenario: Scenario) -> [Issue] {
        var issues: [Issue] = []
        let server = scenario.server
        let workload = scenario.workload

        if let fixed = server.kind.fixedPolicy, server.policy != fixed {
            let what = server.kind == .nginx
                ? "nginx staples lazily (a handshake without a cached response gets none)"
                : "apache fetches inside the handshake (blocking)"
            issues.append(Issue(code: .conflict, paths: ["server.policy", "server.kind"],
                                sweepFields: ["server.policy", "server.kind"],
                                message: "\(what), so its policy is \(fixed.rawValue), not \(server.policy.rawValue); "
                                    + "write policy: \(fixed.rawValue), or use kind: builtin to run the \(server.policy.rawValue) policy"))
        }
        if server.policy == .blocking, server.responderTimeout >= workload.timeout {
            issues.append(Issue(code: .conflict, paths: ["server.responder_timeout", "workload.timeout", "server.policy"],
                                sweepFields: ["server.responder_timeout", "workload.timeout", "server.policy", "server.kind"],
                                message: "a blocking server waits up to \(server.responderTimeout) for the responder, "
                                    + "not less than workload.timeout \(workload.timeout), so an attempt would end before the "
                                    + "server gives up; lower responder_timeout or raise workload.timeout"))
        }
        for (index, seq) in server.restarts.enumerated() where seq >= workload.total {
            issues.append(Issue(code: .outOfRange, paths: ["server.restarts[\(index)]", "server.restarts"],
                                sweepFields: ["workload.warmup", "workload.handshakes"],
                                message: "a restart after handshake \(seq) never happens: a mode makes \(workload.total) "
                                    + "(warmup \(workload.warmup) + handshakes \(workload.handshakes), numbered 0 … "
                                    + "\(workload.total - 1)); use a smaller number or more handshakes"))
        }
        for (index, client) in scenario.clients.enumerated() {
            let path = "clients[\(index)]"
            let profile = client.profile
            // A real program has no CRL, short-lived or pushed-set check: it would run as in classic.
            let realModes: Set<Scenario.Mode> = [.none, .classic, .stapled]
            if client.kind != .builtin, let mode = scenario.modes.first(where: { !realModes.contains($0) }) {
                issues.append(Issue(code: .conflict, paths: ["\(path).kind", "modes", path], sweepFields: [],
                                    message: "a \(client.kind.rawValue) client checks revocation its own way (OCSP), so "
                                        + "mode \(mode.rawValue) would run it as classic; compare it in none, classic or "
                                        + "stapled, or use kind: builtin"))
            }
            // A browser does not print whether a staple came: the built-in server's events say.
            if client.kind == .firefox || client.kind == .chromium, server.kind != .builtin {
                issues.append(Issue(code: .conflict, paths: ["\(path).kind", "server.kind", path],
                                    sweepFields: ["server.kind"],
                                    message: "a \(client.kind.rawValue) client's staple is read from the built-in server's "
                                        + "own events, which \(server.kind.rawValue) does not record; use server kind: builtin "
                                        + "with it, or a curl or gnutls client"))
            }
            if profile.fallback == .classic, !profile.onlineOCSP {
                issues.append(Issue(code: .conflict, paths: ["\(path).fallback", "\(path).online_ocsp", "\(path).profile", path],
                                    sweepFields: ["clients.\(client.name).fallback", "clients.\(client.name).online_ocsp"],
                                    message: "fallback classic asks the responder, but online_ocsp is false; "
                                        + "write fallback: none, or online_ocsp: true"))
            }
            if profile.onlineOCSP, profile.timeout >= workload.timeout {
                issues.append(Issue(code: .conflict, paths: ["\(path).timeout", "\(path).profile", "workload.timeout", path],
                                    sweepFields: ["clients.\(client.name).timeout", "workload.timeout"],
                                    message: "\(client.name)'s OCSP timeout \(profile.timeout) is not shorter than "
                                        + "workload.timeout \(workload.timeout), so an attempt would end before "
                                        + "\(client.name) gives up on the responder; lower \(client.name)'s timeout or "
                                        + "raise workload.timeout"))
            }
        }
        let instances = scenario.clients.reduce(0) { $0 + $1.count }
        if instances > Scenario.maxClientInstances {
            issues.append(Issue(code: .outOfRange, paths: ["clients"],
                                sweepFields: scenario.clients.map { "clients.\($0.name).count" },
                                message: "\(instances) client instances, more than \(Scenario.maxClientInstances) (each "
                                    + "gets its own address 127.0.1.N); lower count"))
        }
        return issues
    }
}
