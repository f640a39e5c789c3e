/// A set of (client, site) pairs as one bit each: memory is clients × sites / 8 bytes, fixed
/// when made, whatever the number of visits.
public struct PairSet: Sendable {
    fileprivate var words: [UInt64]
    /// Sites per client (the row length).
    public let sites: Int
    /// Pairs in the set.
    public fileprivate(set) var count = 0

    /// An empty set for `clients` × `sites` pairs.
    public init(clients: Int, sites: Int) {
        self.sites = sites
        words = Array(repeating: 0, count: (clients * sites + 63) / 64)
    }

    /// Adds (client, site).
    @inline(__always)
    public mutating func insert(client: Int, site: Int) {
        let bit = client * sites + site
        let mask: UInt64 = 1 << UInt64(bit & 63)
        let index = bit >> 6
        if words[index] & mask == 0 {
            words[index] |= mask
            count += 1
        }
    }

    /// Whether (client, site) is in the set.
    public func contains(client: Int, site: Int) -> Bool {
        let bit = client * sites + site
        return words[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// Bytes held.
    public var bytes: Int { words.count * 8 }
}

extension PairSet {
    /// Adds every pair of `other` (of the same shape).
    public mutating func formUnion(_ other: PairSet) {
        precondition(other.sites == sites && other.words.count == words.count, "pair sets of different shapes")
        var total = 0
        for index in words.indices {
            words[index] |= other.words[index]
            total += words[index].nonzeroBitCount
        }
        count = total
    }
}
