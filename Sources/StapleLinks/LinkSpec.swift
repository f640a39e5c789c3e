import StapleCore

/// Everything a link does to one party's connections: its name, the effects of each
/// direction, its faults and whether it emulates the TCP handshake.
///
/// A gateway picks the spec of a connection by the connection's source IP (each party
/// binds its own 127.x.y.z), so one front door carries many named links.
public struct LinkSpec: Hashable, Sendable, Codable {
    /// The link's name in the trace and the ledger, e.g. `Alice-example.com` or `server-responder`.
    public var name: String
    /// Effects from the connecting party to the listening actor.
    public var forward: PipeEffects
    /// Effects from the listening actor back to the connecting party.
    public var backward: PipeEffects
    /// The fault of every connection outside the fault windows.
    public var fault: LinkFault
    /// Faults for spans of scenario time; the first open window wins over `fault`.
    public var faultWindows: [FaultWindow]
    /// Whether the first bytes of a connection wait one extra round trip (the kernel's
    /// handshake, which a userspace proxy cannot delay).
    public var emulateTCPHandshake: Bool
    /// Seed of the jitter of this link (each connection derives its own stream from it).
    public var seed: UInt64

    /// Makes a spec.
    public init(name: String, forward: PipeEffects = .none, backward: PipeEffects = .none,
                fault: LinkFault = .none, faultWindows: [FaultWindow] = [],
                emulateTCPHandshake: Bool = true, seed: UInt64 = 1) {
        self.name = name
        self.forward = forward
        self.backward = backward
        self.fault = fault
        self.faultWindows = faultWindows
        self.emulateTCPHandshake = emulateTCPHandshake
        self.seed = seed
    }

    /// A symmetric link: the same one-way latency (and jitter) each way.
    public static func symmetric(name: String, latency: Delay, jitter: Delay = .zero,
                                 fault: LinkFault = .none) -> LinkSpec {
        let effects = PipeEffects(latency: latency, jitter: jitter)
        return LinkSpec(name: name, forward: effects, backward: effects, fault: fault)
    }

    /// The fault in force at `elapsed` scenario seconds: the first open window's, else `fault`.
    public func fault(atElapsed elapsed: Double) -> LinkFault {
        for window in faultWindows where window.contains(elapsed) { return window.kind }
        return fault
    }

    /// The round trip of the emulated TCP handshake: forward plus backward latency.
    public var handshakeRoundTrip: Delay {
        Delay(seconds: forward.latency.seconds + backward.latency.seconds)
    }
}
