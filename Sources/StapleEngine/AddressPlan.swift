import Synchronization

/// Which loopback address each party of one run gets.
///
/// Every run takes a fresh 127.A.B.0/23 (two /24s), so runs in parallel — tests, or two sweep
/// points — never share an address. Actors listen on the first /24, clients send from the second:
///
/// | address       | who                                         |
/// | ------------- | ------------------------------------------- |
/// | 127.A.B.1     | the resolver                                |
/// | 127.A.B.2     | the OCSP responder                          |
/// | 127.A.B.3     | the TLS server (it also fetches from here)  |
/// | 127.A.B.11    | the resolver's front door (UDP link)        |
/// | 127.A.B.12    | the responder's front door (TCP link)       |
/// | 127.A.B.13    | the server's front door (TCP link)          |
/// | 127.A.(B+1).N | client instance N (1…254)                   |
///
/// Names resolve to front doors, so every byte between two parties crosses their link.
public struct AddressPlan: Hashable, Sendable {
    /// `127.A.B`.
    public let actorPrefix: String
    /// `127.A.(B+1)`.
    public let clientPrefix: String

    /// The resolver's own address.
    public var resolver: String { actorPrefix + ".1" }
    /// The responder's own address.
    public var responder: String { actorPrefix + ".2" }
    /// The server's own address.
    public var server: String { actorPrefix + ".3" }
    /// The resolver's front door.
    public var resolverFront: String { actorPrefix + ".11" }
    /// The responder's front door.
    public var responderFront: String { actorPrefix + ".12" }
    /// The server's front door.
    public var serverFront: String { actorPrefix + ".13" }
    /// Client instance `index` (0-based) sends from here.
    public func client(_ index: Int) -> String { "\(clientPrefix).\(index + 1)" }

    private static let counter = Atomic<Int>(0)
    private static let base = Int.random(in: 0..<(200 * 127))

    /// A fresh plan (a different /23 each call in this process, starting at a random place).
    public static func next() -> AddressPlan {
        let n = (base + counter.add(1, ordering: .relaxed).newValue) % (200 * 127)
        let a = 30 + n / 127           // 30…229
        let b = (n % 127) * 2          // 0, 2, …, 252
        return AddressPlan(actorPrefix: "127.\(a).\(b)", clientPrefix: "127.\(a).\(b + 1)")
    }

    /// A plan with explicit prefixes (tests).
    public init(actorPrefix: String, clientPrefix: String) {
        self.actorPrefix = actorPrefix
        self.clientPrefix = clientPrefix
    }
}
