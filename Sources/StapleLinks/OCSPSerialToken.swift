/// How a tap names a certificate serial it read, until the engine maps it to a hostname.
///
/// Format: `serial:` followed by the uppercase hexadecimal of the serial INTEGER's DER
/// content bytes, two digits per byte, exactly as encoded (a leading `00` byte that DER adds
/// to keep a serial positive is kept). Serial `0x00 0x8F 0x01` reads `serial:008F01`.
public enum OCSPSerialToken {
    /// The prefix of every token.
    public static let prefix = "serial:"

    /// The token for a serial whose DER INTEGER content bytes are `content`.
    public static func make(content: some Sequence<UInt8>) -> String {
        let digits: [Character] = Array("0123456789ABCDEF")
        var text = prefix
        for byte in content {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
