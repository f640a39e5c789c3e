import ArgumentParser
import Synchronization
import Foundation
import NIOCore
import NIOPosix
import StapleCore
import StapleEngine
import StaplePKI
import StapleActors
import StapleTLS

/// `staplebench serve`: one actor alone, for real use (point nginx or Apache at a
/// fault-injecting responder) and for actors on other hosts.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run one actor alone (responder, server or resolver) with flags for its levers.",
        discussion: """
            Each prints where it listens, logs what it sees, and stops cleanly on Ctrl-C or SIGTERM. \
            Make a PKI first with `staplebench pki init`. Examples:

              staplebench serve responder --pki /tmp/pki --listen 127.0.0.1:8080 \\
                  --delay 200ms --outage hang
              staplebench serve server --pki /tmp/pki --host example.com \\
                  --listen 127.0.0.1:8443 --responder http://127.0.0.1:8080/ --policy lazy
              staplebench serve resolver --listen 127.0.0.1:5353 \\
                  --record ocsp.ca.test=127.0.0.1
            """,
        subcommands: [Responder.self, Server.self, Resolver.self])

    /// Waits for Ctrl-C or SIGTERM, calling `tick` every 200 ms meanwhile.
    static func waitForInterrupt(tick: @escaping @Sendable () async -> Void) async {
        let stop = AsyncStream<Void>.makeStream()
        let handler = InterruptHandler(message: "stopping") { stop.continuation.yield() }
        let ticker = Task {
            while !Task.isCancelled {
                await tick()
                try? await Task.sleep(nanoseconds: 200_000_000)
            }
        }
        for await _ in stop.stream { break }
        ticker.cancel()
        await tick()
        _ = handler
    }

    struct Responder: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "responder",
            abstract: "The CA's OCSP responder over HTTP (POST and GET), with delays and outages nginx or Apache can be pointed at.")

        @Option(help: "A PKI folder made by `staplebench pki init`.")
        var pki: String

        @Option(help: "Where to listen, IPV4:PORT.")
        var listen = "127.0.0.1:8080"

        @Option(help: "Processing delay per request (e.g. 200ms).")
        var delay = "0"

        @Option(help: "nextUpdate - thisUpdate of the responses (e.g. 7d, 1h).")
        var validity = "7d"

        @Option(help: "Misbehave: refuse, hang, try-later, internal-error, malformed or slow.")
        var outage: String?

        @Option(name: .customLong("outage-from"), help: "When the outage starts, after start-up (default 0).")
        var outageFrom = "0"

        @Option(name: .customLong("outage-to"), help: "When the outage ends, after start-up (default: never).")
        var outageTo: String?

        @Option(name: .customLong("slow-by"), help: "Extra delay of a `slow` outage.")
        var slowBy = "5s"

        @Option(help: "Answer `revoked` for this host (repeatable), optionally HOST:reason (e.g. example.com:keyCompromise).")
        var revoke: [String] = []

        @Option(help: "Answer `unknown` for this host (repeatable).")
        var unknown: [String] = []

        func validate() throws {
            _ = try ServeCommand.listen(listen)
            _ = try ServeCommand.delay(delay, flag: "delay")
            _ = try ServeCommand.delay(validity, flag: "validity", limit: Scenario.maxPolicyDuration)
            _ = try ServeCommand.outage(outage, from: outageFrom, to: outageTo, slowBy: slowBy)
            for entry in revoke { _ = try ServeCommand.revocation(entry) }
        }

        func run() async throws {
            let loaded = try loadPKI(pki)
            let (host, port) = try ServeCommand.listen(listen)
            var statuses: [String: CertStatus] = [:]
            for entry in revoke {
                let (host, reason) = try ServeCommand.revocation(entry)
                statuses[host] = .revoked(time: Date().timeIntervalSince1970 - 86_400, reason: reason)
            }
            for host in unknown { statuses[host.lowercased()] = .unknown }
            let outages = try ServeCommand.outage(outage, from: outageFrom, to: outageTo, slowBy: slowBy).map { [$0] } ?? []
            let trace = Trace(capacity: 10_000) // serve runs for ever: keep the last events only
            let responder = ResponderActor(
                config: ResponderConfig(host: host, port: port, authorities: loaded.authorities(), statuses: statuses,
                                        processingDelay: try ServeCommand.delay(delay, flag: "delay"),
                                        validity: try ServeCommand.delay(validity, flag: "validity", limit: Scenario.maxPolicyDuration),
                                        outages: outages),
                trace: trace, clock: PolicyClock())
            let address: SocketAddress
            do {
                address = try await responder.start()
            } catch {
                printError("cannot listen on \(listen): \(error)")
                throw ExitCode(ExitStatus.failed)
            }
            print("OCSP responder listening on http://\(address.ipAddress ?? host):\(address.port ?? port)/ for \(loaded.leaves.map(\.host).joined(separator: ", "))")
            if !outages.isEmpty { print("Outage: \(outages.map(\.description).joined(separator: ", "))") }
            print("Ctrl-C to stop.")
            let printed = Counter()
            await ServeCommand.waitForInterrupt {
                let (requests, next) = await responder.requests(since: printed.value)
                for request in requests {
                    print("\(request.method) from \(request.requester): \(request.hostnames.joined(separator: ","))\(request.hostnames.isEmpty ? "?" : "") -> \(request.answer) (\(request.bytes) bytes)")
                }
                printed.value = next
            }
            await responder.stop()
            print("Stopped after \(printed.value) request(s).")
        }
    }

    struct Server: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "A TLS server that staples, with the explainer's levers (policy lazy/blocking/proactive, verify, responder URL).")

        @Option(help: "A PKI folder made by `staplebench pki init`.")
        var pki: String

        @Option(name: .customLong("host"), help: "A site to serve (repeatable; default: every certificate in the PKI).")
        var hosts: [String] = []

        @Option(help: "Where to listen, IPV4:PORT.")
        var listen = "127.0.0.1:8443"

        @Option(help: "Responder URL override (else the certificate's AIA URL).")
        var responder: String?

        @Option(help: "lazy (nginx), blocking (Apache) or proactive (Caddy).")
        var policy = "lazy"

        @Flag(name: .customLong("no-stapling"), help: "Do not staple at all.")
        var noStapling = false

        @Flag(name: .customLong("no-verify"), help: "Staple fetched responses without verifying them.")
        var noVerify = false

        @Option(help: "Worker processes (each has its own cache under lazy).")
        var workers = 1

        @Option(help: "TLS versions: 1.2, 1.3 or both.")
        var tls = "both"

        @Option(help: "Resolve a name for the server's own fetches, NAME=IPV4 (repeatable; names not given must be IP literals in the URL).")
        var resolve: [String] = []

        func validate() throws {
            _ = try ServeCommand.listen(listen)
            let _: StaplingPolicy = try ServeCommand.choice(policy, flag: "policy")
            _ = try ServeCommand.versions(tls)
            guard workers >= 1 else { throw ValidationError("--workers must be at least 1") }
            if let responder, HTTPURL(responder) == nil {
                throw ValidationError("--responder '\(responder)' is not an http://HOST[:PORT]/ URL")
            }
            for entry in resolve { _ = try ServeCommand.record(entry, flag: "resolve") }
        }

        func run() async throws {
            let loaded = try loadPKI(pki)
            let (host, port) = try ServeCommand.listen(listen)
            let sites = hosts.isEmpty ? loaded.leaves.map(\.host) : hosts.map { $0.lowercased() }
            for site in sites where loaded.leaf(for: site) == nil {
                printError("--host \(site): no certificate for it in \(pki) (it has: \(loaded.leaves.map(\.host).joined(separator: ", ")))")
                throw ExitCode(ExitStatus.badInput)
            }
            var table: [String: String] = [:]
            for entry in resolve {
                let (name, address) = try ServeCommand.record(entry, flag: "resolve")
                table[name] = address
            }
            let versions = try ServeCommand.versions(tls)
            let trace = Trace(capacity: 10_000) // serve runs for ever: keep the last events only
            let server = try ServerActor(
                config: ServerConfig(name: sites[0], host: host, port: port, pki: loaded, sites: sites, versions: versions,
                                     stapling: !noStapling, verify: !noVerify, responderURL: responder,
                                     policy: try ServeCommand.choice(policy, flag: "policy"), workers: workers),
                resolver: StaticHosts(table), trace: trace, clock: PolicyClock())
            let address: SocketAddress
            do {
                address = try await server.start()
            } catch {
                printError("cannot start the server on \(listen): \(error)")
                throw ExitCode(ExitStatus.failed)
            }
            print("TLS server listening on \(address.ipAddress ?? host):\(address.port ?? port) for \(sites.joined(separator: ", ")), stapling \(noStapling ? "off" : policy)")
            print("Try: openssl s_client -connect \(address.ipAddress ?? host):\(address.port ?? port) -servername \(sites[0]) -status -CAfile \(pki)/ca.pem")
            print("Ctrl-C to stop.")
            let printed = Counter()
            let interesting: Set<EventKind> = [.clientHelloReceived, .stapleSent, .stapleNotSent, .ocspFetchStart, .ocspFetchEnd, .handshakeFailed]
            await ServeCommand.waitForInterrupt {
                let (events, next) = trace.events(since: printed.value)
                for event in events where interesting.contains(event.kind) {
                    print("\(event.kind.rawValue)\(event.bytes > 0 ? " \(event.bytes) bytes" : "") \(event.detail)")
                }
                printed.value = next
            }
            await server.stop()
        }
    }

    struct Resolver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolver",
            abstract: "A DNS resolver over UDP answering A queries for the names given, NXDOMAIN otherwise.")

        @Option(help: "Where to listen, IPV4:PORT.")
        var listen = "127.0.0.1:5353"

        @Option(help: "A name and its address, NAME=IPV4 (repeatable).")
        var record: [String] = []

        @Option(help: "Processing delay per query (e.g. 5ms).")
        var delay = "0"

        func validate() throws {
            _ = try ServeCommand.listen(listen)
            _ = try ServeCommand.delay(delay, flag: "delay")
            for entry in record { _ = try ServeCommand.record(entry, flag: "record") }
        }

        func run() async throws {
            let (host, port) = try ServeCommand.listen(listen)
            var table: [String: String] = [:]
            for entry in record {
                let (name, address) = try ServeCommand.record(entry, flag: "record")
                table[name] = address
            }
            let trace = Trace(capacity: 10_000) // serve runs for ever: keep the last events only
            let resolver = ResolverActor(configuration: ResolverConfiguration(host: host, port: port, records: table,
                                                                              processingDelay: try ServeCommand.delay(delay, flag: "delay")),
                                         trace: trace, group: MultiThreadedEventLoopGroup.singleton)
            let address = try await resolver.start()
            print("DNS resolver listening on udp \(address.ipAddress ?? host):\(address.port ?? port) with \(table.count) name(s)")
            print("Try: dig @\(address.ipAddress ?? host) -p \(address.port ?? port) \(table.keys.sorted().first ?? "example.com")")
            print("Ctrl-C to stop.")
            let printed = Counter()
            await ServeCommand.waitForInterrupt {
                let (events, next) = trace.events(since: printed.value)
                for event in events where event.kind == .dnsQueryReceived {
                    print("query \(event.detail)")
                }
                printed.value = next
            }
            await resolver.stop()
        }
    }
}


/// Loads a PKI folder, turning problems into a clear error and exit code 2.
func loadPKI(_ path: String) throws -> TestPKI {
    do {
        return try TestPKI.load(from: path)
    } catch {
        printError("--pki \(error)")
        throw ExitCode(ExitStatus.badInput)
    }
}

/// A counter shared between the ticking closure and the code after it: a lock, so a tick still
/// running when the interrupt arrives cannot race the final read.
final class Counter: Sendable {
    private let box = Mutex(0)

    /// The count.
    var value: Int {
        get { box.withLock { $0 } }
        set { box.withLock { $0 = newValue } }
    }
}

