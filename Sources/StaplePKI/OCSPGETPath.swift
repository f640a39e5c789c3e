/// Decodes the OCSP request in a GET path (RFC 6960 Appendix A.1: `{url}/{url-encoding of
/// base-64 of the DER}`) in one pass over the path.
///
/// Base64 contains `/`, which some clients leave unescaped, so the request is the whole path
/// (leading slashes dropped) or the part after one of its slashes: the first such part that is
/// padded base64 of a DER SEQUENCE (`M…`). Instead of decoding every suffix (quadratic time and
/// memory for a path full of `/`), one backward scan finds where the base64 tail starts, and only
/// the one chosen candidate is decoded. Paths longer than the caller's bound are not looked at.
public enum OCSPGETPath {
    /// The DER of the request in `uri`, or nil when the path holds none.
    public static func der(from uri: String) -> [UInt8]? {
        var bytes = Array(uri.utf8)
        if let query = bytes.firstIndex(of: UInt8(ascii: "?")) { bytes.removeSubrange(query...) }
        guard let path = unescape(bytes) else { return nil }
        guard let start = candidateStart(path) else { return nil }
        guard let der = Base64.decode(String(decoding: path[start...], as: UTF8.self)), der.first == 0x30 else {
            return nil
        }
        return der
    }

    /// Where the request starts: the first position that is the path's start (after leading
    /// slashes) or just after a `/`, begins with `M`, and from which the rest is padded base64.
    public static func candidateStart(_ path: [UInt8]) -> Int? {
        var first = 0
        while first < path.count, path[first] == UInt8(ascii: "/") { first += 1 }
        // Trailing padding (at most two `=`), then the last byte outside the base64 alphabet.
        var end = path.count
        var padding = 0
        while end > first, padding < 2, path[end - 1] == UInt8(ascii: "=") {
            end -= 1
            padding += 1
        }
        var lastInvalid = first - 1
        var index = end - 1
        while index >= first {
            if !isBase64(path[index]) { lastInvalid = index; break }
            index -= 1
        }
        // Candidates: `first`, and each index after a `/`; all must lie after `lastInvalid`.
        var candidate = max(first, lastInvalid + 1)
        if candidate > first, path[candidate - 1] != UInt8(ascii: "/") {
            guard let slash = path[candidate..<end].firstIndex(of: UInt8(ascii: "/")) else { return nil }
            candidate = slash + 1
        }
        while candidate < end {
            if path[candidate] == UInt8(ascii: "M"), (path.count - candidate) % 4 == 0 { return candidate }
            guard let slash = path[candidate..<end].firstIndex(of: UInt8(ascii: "/")) else { return nil }
            candidate = slash + 1
        }
        return nil
    }

    private static func isBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
    }

    /// Undoes percent-encoding (`%XX`); nil on a broken escape.
    private static func unescape(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = Hex.value(bytes[index + 1]), let low = Hex.value(bytes[index + 2]) else {
                    return nil
                }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }
}
