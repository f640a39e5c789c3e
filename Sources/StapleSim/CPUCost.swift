/// The time the simulator adds to the delay model's network time: the handshake's own CPU work
/// and the harness's per-connection overhead, as measured on this 2-core machine.
///
/// Sources: `staplebench bench tls` (README "Figures": 1,223 full TLS 1.3 handshakes/s without
/// status, 1,218/s with a staple, 998/s with the staple verified; ECDSA P-256, X25519, both ends
/// in one thread) for the verification cost, and the reference run of
/// `Scenarios/classic-vs-stapled.yaml` (`Results/reference/summary.csv`: stapled p50 136.010 ms
/// against the model's 130.000 ms, classic 311.015 ms against 301.000 ms) for what a whole
/// connection and an OCSP exchange cost beyond the delays (TLS on both ends, the links' event
/// loops, DNS, HTTP, signing).
public enum CPUCost {
    /// Verifying one OCSP response (signature, CertID, dates): 1 / 998 − 1 / 1,218 s.
    public static let verifyMs = 1000.0 / 998 - 1000.0 / 1218
    /// One connection beyond its delays, without OCSP work: the reference's stapled gap
    /// (6.010 ms) less one staple verification.
    public static let handshakeMs = 6.010 - verifyMs
    /// One client OCSP exchange beyond its delays (request, signing, verification, HTTP): the
    /// reference's classic gap (10.015 ms) less a connection's.
    public static let fetchMs = 10.015 - handshakeMs

    /// Receiving, parsing and checking a downloaded CRL or pushed set, per byte beyond an
    /// empty list's: `ValidationTests`' crl-size run here (2 December 2026, load average ≈ 2)
    /// measured a p50 of 377.2 ms with the 1,050,262-byte list against 335.8 ms with the
    /// 254-byte one (no cache, the same delays): 39 ms per MB. (An earlier run with other builds
    /// loading the machine measured 161 ms per MB: this cost is the machine's CPU.)
    public static let listMsPerByte = (377.2 - 335.8) / Double(1_050_262 - 254)

    /// The time one handshake adds with `verifiedStaple`, `fetches` client fetches (OCSP
    /// exchanges or list downloads) and `listBytes` of downloaded lists, ms.
    public static func milliseconds(verifiedStaple: Bool, fetches: Int, listBytes: Int = 0) -> Double {
        handshakeMs + (verifiedStaple ? verifyMs : 0) + Double(fetches) * fetchMs + Double(listBytes) * listMsPerByte
    }
}
