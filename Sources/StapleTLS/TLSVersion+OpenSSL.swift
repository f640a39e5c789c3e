internal import COpenSSL
import StapleCore

extension TLSVersion {
    /// OpenSSL's constant for the version (`TLS1_2_VERSION`, `TLS1_3_VERSION`).
    var openSSLValue: Int32 { self == .tls12 ? TLS1_2_VERSION : TLS1_3_VERSION }

    /// The version of OpenSSL's constant, nil for one StapleBench does not speak.
    init?(openSSLValue: Int32) {
        switch openSSLValue {
        case TLS1_2_VERSION: self = .tls12
        case TLS1_3_VERSION: self = .tls13
        default: return nil
        }
    }
}
