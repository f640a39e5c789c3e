import Testing
import StapleCore

/// The value types scenario files, `serve` flags and the runtime share: one parse each.
@Suite struct ValueGrammarTests {
    @Test(arguments: [("127.0.2.10", [127, 0, 2, 10] as [UInt8]?), ("0.0.0.0", [0, 0, 0, 0]), ("1.2.3", nil),
                      ("1.2.3.256", nil), ("1.2.3.+4", nil), ("1..2.3", nil), ("01.2.3.4.5", nil), ("a.b.c.d", nil)])
    func ipv4TextParsesDottedQuadsOnly(text: String, bytes: [UInt8]?) {
        #expect(IPv4Text.parse(text) == bytes)
    }

    @Test func loopbackIs127Slash8() {
        #expect(IPv4Text.isLoopback("127.0.0.1"))
        #expect(IPv4Text.isLoopback("127.255.1.2"))
        #expect(!IPv4Text.isLoopback("128.0.0.1"))
        #expect(!IPv4Text.isLoopback("localhost"))
        #expect(IPv4Text.format([127, 0, 0, 53]) == "127.0.0.53")
    }

    @Test func hostNamesAreLowercaseDNSNames() {
        #expect(HostName.isValid("ocsp.ca.test"))
        #expect(HostName.isValid("a-b.example"))
        #expect(!HostName.isValid("Example.com"))
        #expect(!HostName.isValid("foo_bar.example"))
        #expect(!HostName.isValid("-a.example"))
        #expect(!HostName.isValid("a..example"))
        #expect(!HostName.isValid(String(repeating: "a", count: 64) + ".example"))
        #expect(!HostName.isValid(""))
    }

    @Test func outageKindsByTheirScenarioNames() {
        #expect(ResponderOutage.Kind.names.map { ResponderOutage.Kind(name: $0, delay: .seconds(2)) }
                == [.refuse, .hang, .tryLater, .internalError, .malformed, .slow(.seconds(2))])
        #expect(ResponderOutage.Kind(name: "try_later") == nil)
        #expect(ResponderOutage.Kind.slow(.seconds(2)).delay == .seconds(2))
        #expect(ResponderOutage.Kind.hang.delay == .zero)
        #expect(ResponderOutage(kind: .hang, from: 10, to: .infinity).window == TimeWindow(from: .seconds(10)))
    }

    @Test func linkFaultNamesAreTheScenarioKinds() {
        #expect([LinkFault.refuse, .hang, .resetAfter(bytes: 100), .closeAfter(.seconds(2))].map(\.name) == LinkFault.names)
        #expect(LinkFault.resetAfter(bytes: 100).description == "reset-after 100B")
    }

    @Test func windows() {
        let window = TimeWindow(from: .seconds(10), to: .seconds(20))
        #expect(window.contains(10) && !window.contains(20) && !window.contains(9.99))
        #expect(!window.isEmpty)
        #expect(TimeWindow(from: .seconds(20), to: .seconds(20)).isEmpty)
        #expect(!TimeWindow(from: .seconds(20)).isEmpty)
        #expect(window.overlaps(TimeWindow(from: .seconds(19))))
        #expect(!window.overlaps(TimeWindow(from: .seconds(20))))
        #expect(FaultWindow(from: 10, to: 20, fault: .hang).contains(15))
    }
}
