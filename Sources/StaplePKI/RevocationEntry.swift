internal import COpenSSL
import StapleCore

/// One revoked certificate in a ``RevocationList``: its serial, when and why.
public struct RevocationEntry: Hashable, Sendable {
    /// The serial's magnitude, big-endian (as ``Certificate/serialBytes``).
    public var serial: [UInt8]
    /// The revocation date, Unix seconds.
    public var time: Double
    /// The CRL reason code extension (nil: none, as RFC 5280 advises for `unspecified`).
    public var reason: RevocationReason?

    /// Makes an entry.
    public init(serial: [UInt8], time: Double, reason: RevocationReason? = nil) {
        self.serial = serial
        self.time = time
        self.reason = reason
    }

    /// An entry for `certificate`.
    public init(certificate: Certificate, time: Double, reason: RevocationReason? = nil) {
        self.init(serial: certificate.serialBytes, time: time, reason: reason)
    }

    /// `count` serials no certificate of this run has: random positive 127-bit numbers, 16
    /// bytes each like the serials ``CertificateAuthority`` gives, so a list padded with them
    /// grows by a fixed 35 bytes per entry (without a reason code), as a real CA's list of
    /// other subscribers' revocations does.
    public static func paddingSerials(count: Int) throws(OpenSSLError) -> [[UInt8]] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count * 16)
        try check(RAND_bytes(&bytes, Int32(bytes.count)) == 1, "RAND_bytes")
        return (0..<count).map { index in
            var serial = Array(bytes[(index * 16)..<(index * 16 + 16)])
            serial[0] = (serial[0] & 0x3F) | 0x40 // 127 bits, top bit set: no sign byte, no shorter encoding
            return serial
        }
    }
}
