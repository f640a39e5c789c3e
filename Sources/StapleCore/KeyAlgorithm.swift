/// The kinds of key StapleBench makes: a scenario site's `key` (`ec`, `rsa`) and the key the PKI generates.
public enum KeyAlgorithm: String, Sendable, Hashable, CaseIterable, Codable {
    /// ECDSA over NIST P-256 (what most CAs issue today; fast to sign and verify).
    case ecP256 = "ec"
    /// RSA with a 2048-bit modulus.
    case rsa2048 = "rsa"
}
