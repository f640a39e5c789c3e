import NIOCore
import StapleCore
import StapleTestSupport
import Testing
@testable import StapleLinks

extension LinkSocketTests {
    /// An `openssl s_server` behind a tapped link; `s_client` connects through the link.
    private func tlsThroughTappedLink(serverArguments: [String], clientArguments: [String]) async throws -> (Trace, SocketAddress) {
        let pki = try Fixtures.pki.get()
        let server = try OpenSSLTool.Server(host: "127.0.8.1", pki: pki, arguments: serverArguments)
        defer { server.stop() }
        let trace = Trace()
        let link = FrontDoor(.tcp, name: "front:example.com", listen: "127.0.8.10",
                           target: try SocketAddress(ipAddress: "127.0.8.1", port: server.port),
                           defaultSpec: LinkSpec(name: "client-server"), trace: trace,
                           clock: TestLoop.clock(), group: TestLoop.group, tap: true)
        let front = try await link.start()
        Teardown.add { await link.stop() }
        let port = try #require(front.port)
        _ = try OpenSSLTool.client(host: "127.0.8.10", port: port, pki: pki,
                                   arguments: ["-servername", "example.com", "-status"] + clientArguments)
        return (trace, front)
    }

    @Test func tapReadsSNIAndATLS12StapleInClear() async throws {
        let pki = try Fixtures.pki.get()
        let (trace, front) = try await tlsThroughTappedLink(
            serverArguments: ["-tls1_2", "-status_file", pki.response.path], clientArguments: ["-tls1_2"])
        let observations = trace.observations
        let byChannel = Dictionary(grouping: observations, by: \.via)
        #expect(byChannel[.sni]?.map(\.hostname) == ["example.com"])
        #expect(byChannel[.stapleCleartext]?.map(\.hostname) == [OpenSSLTool.PKI.serialToken])
        #expect(byChannel[.certificateCleartext]?.map(\.hostname) == ["example.com"])
        for observation in observations {
            #expect(observation.observer == .tap("client-server"))
            #expect(observation.clientAddress == "127.0.0.1")
            #expect(observation.observerAddress == "127.0.8.10:\(front.port ?? 0)")
        }
        #expect(trace.events.contains { $0.kind == .tapObserved && $0.detail == "sni=example.com" })

        // The same connection's wire events: each message, its direction, in causal order.
        let wire = trace.events.filter { $0.kind == .wireMessage }
        #expect(Set(wire.map(\.connection)).count == 1 && wire.allSatisfy { $0.party == .link("client-server") })
        let forward = wire.compactMap(\.wire).filter { $0.direction == .forward }
        let backward = wire.compactMap(\.wire).filter { $0.direction == .backward }
        #expect(forward.prefix(4).map(\.message.name)
                == ["tls.ClientHello", "tls.ClientKeyExchange", "tls.ChangeCipherSpec", "tls.Finished(encrypted)"])
        #expect(backward.prefix(5).map(\.message.name)
                == ["tls.ServerHello", "tls.Certificate", "tls.CertificateStatus", "tls.ServerKeyExchange", "tls.ServerHelloDone"])
        #expect(backward.first?.message == .tlsServerHello(version: 0x0303, retry: false))
        let names = backward.map(\.message.name)
        let ccs = try #require(names.firstIndex(of: "tls.ChangeCipherSpec"))
        #expect(names.dropFirst(ccs + 1).first == "tls.Finished(encrypted)")
        // The server answered what reached it: its ServerHello left after the ClientHello was delivered.
        let hello = try #require(forward.first?.deliveredAt)
        #expect(try #require(backward.first).sentAt >= hello)
        #expect(forward.contains { $0.message == .closed })
    }

    @Test func tapDoesNotClaimATLS13Staple() async throws {
        let pki = try Fixtures.pki.get()
        let (trace, _) = try await tlsThroughTappedLink(
            serverArguments: ["-tls1_3", "-status_file", pki.response.path], clientArguments: ["-tls1_3"])
        let channels = trace.observations.map(\.via)
        #expect(channels == [.sni], "a TLS 1.3 observer sees the SNI only, saw \(channels)")
        let wire = trace.events.compactMap(\.wire)
        #expect(wire.first { $0.direction == .backward }?.message == .tlsServerHello(version: 0x0304, retry: false))
        // After the ServerHello only record types: no handshake message is named in clear.
        #expect(!wire.contains { if case .tlsHandshake = $0.message { true } else { false } })
        #expect(wire.contains { $0.direction == .forward && $0.message.name == "tls.application-data" },
                "the client's Finished travels as application data")
    }

    @Test func tapReadsOCSPOverHTTPAndTheHostHeader() async throws {
        let response = try Fixtures.ocspHTTPResponse()
        for (request, method) in [(try Fixtures.ocspPost(), "POST"), (try Fixtures.ocspGet(), "GET")] {
            let fixture = try await LinkFixture.make(
                routes: ["127.0.1.61": LinkSpec(name: "Alice-ocsp")],
                behaviour: .canned(reply: response, after: request.count), tap: true)
            let client = try await fixture.connect(from: "127.0.1.61")
            let start = try await client.send(request)
            _ = try await client.arrival(ofTotal: response.count)
            _ = start
            await client.close()
            await fixture.stop()

            let observations = fixture.trace.observations
            #expect(observations.allSatisfy { $0.observer == .tap("Alice-ocsp") && $0.clientAddress == "127.0.1.61" })
            #expect(observations.contains { $0.via == .httpHost && $0.hostname == "ocsp.test" }, "\(method)")
            #expect(observations.filter { $0.via == .ocspSerial }.map(\.hostname)
                    == [OpenSSLTool.PKI.serialToken, OpenSSLTool.PKI.serialToken], "\(method): request and response")
            let details = fixture.trace.events.filter { $0.kind == .tapObserved }.map(\.detail)
            #expect(details.contains("ocsp-request \(OpenSSLTool.PKI.serialToken)"))
            #expect(details.contains("ocsp-response \(OpenSSLTool.PKI.serialToken)"))
            #expect(details.contains { $0.hasPrefix("http-request \(method) /") && $0.hasSuffix("host=ocsp.test") })
        }
    }

    @Test func aLinkWithoutTapRecordsNothing() async throws {
        let fixture = try await LinkFixture.make(tap: false)
        Teardown.add { await fixture.stop() }
        let client = try await fixture.connect(from: "127.0.1.62")
        _ = try await client.exchange(TLSBytes.record(22, TLSBytes.clientHello(sni: "example.com")))
        #expect(fixture.trace.observations.isEmpty)
        // … while the same bytes through a tapped link are read.
        let tapped = try await LinkFixture.make(tap: true, serverHost: "127.0.6.3", frontHost: "127.0.6.12")
        Teardown.add { await tapped.stop() }
        let other = try await tapped.connect(from: "127.0.1.62")
        _ = try await other.exchange(TLSBytes.record(22, TLSBytes.clientHello(sni: "example.com")))
        #expect(tapped.trace.observations.map(\.hostname) == ["example.com"])
        await client.close()
        await other.close()
    }
}
