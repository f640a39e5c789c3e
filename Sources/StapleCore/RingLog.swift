/// An append-only log that keeps every element, or only the last `capacity` of them while
/// still counting all: the memory of a long-running party stays flat.
///
/// Each element has a sequence number (0 for the first ever appended), so a reader that
/// remembers how far it got can ask for what came after even when older ones were dropped.
public struct RingLog<Element> {
    /// How many it keeps at most (nil: all).
    public let capacity: Int?
    /// How many were ever appended (kept or dropped).
    public private(set) var total = 0
    private var storage: [Element] = []
    private var head = 0  // index in storage of the oldest kept element, once full

    /// A log keeping everything (`capacity` nil) or the last `capacity` elements (at least 1).
    public init(capacity: Int? = nil) {
        self.capacity = capacity.map { max(1, $0) }
    }

    /// Appends one element, dropping the oldest when full.
    public mutating func append(_ element: Element) {
        total += 1
        guard let capacity, storage.count == capacity else {
            storage.append(element)
            return
        }
        storage[head] = element
        head = (head + 1) % capacity
    }

    /// How many were dropped to keep within the capacity.
    public var dropped: Int { total - storage.count }

    /// The elements kept, oldest first.
    public var elements: [Element] {
        guard head > 0 else { return storage }
        return Array(storage[head...] + storage[..<head])
    }

    /// Returns the kept elements, oldest first, and keeps none (still counting all): a reader
    /// that takes what came so far keeps the log's memory bounded by what came since.
    public mutating func removeAll() -> [Element] {
        let kept = elements
        storage.removeAll(keepingCapacity: false)
        head = 0
        return kept
    }

    /// The kept elements whose sequence number is `sequence` or later, oldest first.
    public func elements(since sequence: Int) -> [Element] {
        let skip = max(0, sequence - dropped)
        guard skip < storage.count else { return [] }
        return Array(elements.dropFirst(skip))
    }
}

extension RingLog: Sendable where Element: Sendable {}
