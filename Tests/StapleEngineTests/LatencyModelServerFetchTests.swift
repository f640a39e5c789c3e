import Testing
import StapleCore
@testable import StapleEngine

/// The model's term for a server that fetches inside the handshake (built-in `blocking`, Apache).
struct LatencyModelServerFetchTests {
    static let scenario = Scenario(
        name: "model", sites: [Scenario.Site(host: "example.com")],
        clients: [Scenario.Client(name: "Alice", visits: ["example.com"])],
        responder: Scenario.Responder(delay: .milliseconds(3)), resolver: Scenario.Resolver(delay: .milliseconds(1)),
        links: Scenario.Links(clientServer: .rtt(.milliseconds(20)), clientResponder: .rtt(.milliseconds(40)),
                              serverResponder: .rtt(.milliseconds(30)), clientResolver: .rtt(.milliseconds(4)),
                              serverResolver: .rtt(.milliseconds(6))))

    @Test func aServerFetchAddsItsLookupAndTwoRoundTripsToTheResponder() {
        let model = LatencyModel(scenario: Self.scenario)
        // DNS 4 + 1, TCP 20, TLS 1.3 20, request 20.
        let base = model.predict(client: "Alice", work: .init())
        #expect(base == 65)
        // The built-in server looks the responder up (6 + 1), then TCP and HTTP (2 × 30) + 3.
        #expect(model.predict(client: "Alice", work: .init(serverFetch: true)) == 65 + 7 + 63)
        // nginx and Apache are given the responder's address: no lookup.
        #expect(model.predict(client: "Alice", work: .init(serverFetch: true, serverFetchLooksUp: false)) == 65 + 63)
    }
}
