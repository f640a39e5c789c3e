import Foundation
import NIOCore
import StapleCore
import StapleTestSupport
import Testing
@testable import StapleLinks

extension LinkSocketTests {
    /// tshark's names (its Info column) for the messages the front door names.
    static let tsharkNames: [String: String] = [
        "Client Hello": "tls.ClientHello", "Server Hello": "tls.ServerHello", "Hello Retry Request": "tls.HelloRetryRequest",
        "Certificate": "tls.Certificate", "Certificate Status": "tls.CertificateStatus",
        "Server Key Exchange": "tls.ServerKeyExchange", "Server Hello Done": "tls.ServerHelloDone",
        "Client Key Exchange": "tls.ClientKeyExchange", "New Session Ticket": "tls.NewSessionTicket",
        "Change Cipher Spec": "tls.ChangeCipherSpec", "Encrypted Handshake Message": "tls.Finished(encrypted)",
        "Application Data": "tls.application-data", "Encrypted Alert": "tls.alert", "Alert": "tls.alert",
    ]

    /// One s_client → link → s_server connection captured on the client's leg by dumpcap: the
    /// messages tshark decodes there, in each direction and in their order on the leg, are the
    /// front door's wire events. (Capture times are printed against the wire's, not bounded:
    /// the two clocks meet only through a loaded machine's scheduler.) On a busy machine dumpcap
    /// can miss a frame of the capture (seen once: the client's first message); the capture is then
    /// made again, on a fresh link and connection, at most three times, and the last is asserted.
    @Test(arguments: ["1.2", "1.3"]) func wireEventsMatchWhatTsharkDecodes(tls: String) async throws {
        if let why = PacketCapture.unavailable {
            print("skipped: \(why)")
            return
        }
        var attempt = 1
        while true {
            let leg = try await Self.captureLeg(tls: tls)
            let agrees = WireDirection.allCases.allSatisfy { direction in
                leg.ours.filter { $0.0 == direction }.map(\.1) == leg.decoded.filter { $0.0 == direction }.map(\.1)
            }
            if agrees || attempt == 3 {
                Self.check(leg, tls: tls)
                return
            }
            print("tshark cross-check TLS \(tls), attempt \(attempt): the capture decoded \(leg.decoded.map(\.1)), "
                  + "the front door saw \(leg.ours.map(\.1)); capturing again")
            attempt += 1
        }
    }

    /// What one captured connection showed: the front door's messages and tshark's, each as
    /// (direction, name) in order on the client's leg, with their times.
    struct CapturedLeg {
        var ours: [(WireDirection, String)]
        var oursTimes: [Instant]
        var decoded: [(WireDirection, String)]
        var decodedTimes: [Double]
    }

    /// One s_client → link → s_server connection through a fresh link, captured by dumpcap.
    static func captureLeg(tls: String) async throws -> CapturedLeg {
        let pki = try Fixtures.pki.get()
        let flag = tls == "1.2" ? "-tls1_2" : "-tls1_3"
        let server = try OpenSSLTool.Server(host: "127.0.8.2", pki: pki, arguments: [flag, "-status_file", pki.response.path])
        defer { server.stop() }
        let trace = Trace()
        let frontHost = tls == "1.2" ? "127.0.8.21" : "127.0.8.22"
        let link = FrontDoor(.tcp, name: "front:example.com", listen: frontHost,
                           target: try SocketAddress(ipAddress: "127.0.8.2", port: server.port),
                           defaultSpec: LinkSpec(name: "client-server", forward: .init(latency: .milliseconds(2)),
                                                 backward: .init(latency: .milliseconds(2))),
                           trace: trace, clock: TestLoop.clock(), group: TestLoop.group, tap: true)
        let front = try await link.start()
        Teardown.add { await link.stop() }
        let port = try #require(front.port)
        let capture = try PacketCapture(filter: "host \(frontHost) and tcp port \(port)", directory: pki.directory)
        defer { capture.stop() }
        _ = try OpenSSLTool.client(host: frontHost, port: port, pki: pki,
                                   arguments: ["-servername", "example.com", "-status", flag])
        #expect(await TestLoop.until(timeout: 5) { link.openConnections == 0 })
        let frames = try capture.frames(tlsPort: port)

        // tshark's view of the client's leg: (direction, message) in capture order.
        var decoded: [(WireDirection, String)] = []
        var decodedTimes: [Double] = []
        for frame in frames {
            for message in frame.messages {
                let name = try #require(Self.tsharkNames[message], "tshark named '\(message)'")
                decoded.append((frame.sourcePort == port ? .backward : .forward, name))
                decodedTimes.append(frame.time)
            }
        }
        // The front door's: forward messages cross that leg when sent, backward ones when delivered.
        let wire = trace.events.compactMap(\.wire).filter { $0.message.name.hasPrefix("tls.") }
        let onLeg = wire.map { ($0, $0.direction == .forward ? $0.sentAt : ($0.deliveredAt ?? $0.sentAt)) }
            .enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element)
        return CapturedLeg(ours: onLeg.map { ($0.0.direction, $0.0.message.name) }, oursTimes: onLeg.map(\.1),
                           decoded: decoded, decodedTimes: decodedTimes)
    }

    /// The assertions on one captured leg.
    static func check(_ leg: CapturedLeg, tls: String) {
        let ours = leg.ours, decoded = leg.decoded
        for direction in WireDirection.allCases {
            #expect(ours.filter { $0.0 == direction }.map(\.1) == decoded.filter { $0.0 == direction }.map(\.1),
                    "TLS \(tls) \(direction)")
        }
        // Across directions the handshake alternates by causality: the same interleaving up to the
        // client's first application-data record (or TLS 1.2's last Finished).
        let handshakeEnd = { (list: [(WireDirection, String)]) -> [String] in
            let cut = list.firstIndex { $0.1 == "tls.application-data" || $0.1 == "tls.alert" } ?? list.count
            return list.prefix(cut).map { "\($0.0.arrow) \($0.1)" }
        }
        #expect(handshakeEnd(ours) == handshakeEnd(decoded), "TLS \(tls)")
        #expect(decoded.count >= 6, "tshark decoded the connection: \(decoded.map(\.1))")
        if ours.count == decoded.count, let first = leg.oursTimes.first, let firstFrame = leg.decodedTimes.first {
            let gaps = zip(leg.oursTimes, leg.decodedTimes).map { pair in
                abs(pair.0.milliseconds(since: first) - (pair.1 - firstFrame) * 1000)
            }
            print("tshark cross-check TLS \(tls): \(ours.count) messages agree; largest gap between the wire's "
                  + "time and the capture's (each from the ClientHello) \(((gaps.max() ?? 0) * 1000).rounded() / 1000) ms")
        }
    }
}
