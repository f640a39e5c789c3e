import Testing
import StapleCore
@testable import StapleLinks

/// What a tap files in the privacy ledger from what it read.
struct TapRecorderTests {
    @Test(arguments: ["127.59.20.12", "10.0.0.1", "::1", "fe80::1"])
    func anAddressInTheHostHeaderIsNoHostnameLearned(host: String) {
        let trace = Trace()
        let recorder = TapRecorder(link: "server-responder", observerAddress: "127.0.0.9", trace: trace)
        recorder.record(.httpRequest(line: "GET /MEow HTTP/1.1", host: host), clientAddress: "127.0.0.1",
                        connection: ConnectionID.next())
        #expect(trace.observations.isEmpty, "\(trace.observations)")
        // What it read is still in the trace, for people.
        #expect(trace.events.map(\.kind) == [.tapObserved])
    }

    @Test func aNameInTheHostHeaderIsLearned() {
        let trace = Trace()
        let recorder = TapRecorder(link: "client-responder", observerAddress: "127.0.0.9", trace: trace)
        recorder.record(.httpRequest(line: "POST / HTTP/1.1", host: "ocsp.ca.test"), clientAddress: "127.0.1.1",
                        connection: ConnectionID.next())
        #expect(trace.observations.map(\.hostname) == ["ocsp.ca.test"])
        #expect(trace.observations.map(\.via) == [.httpHost])
        #expect(trace.observations.map(\.clientAddress) == ["127.0.1.1"])
    }
}
