/// A binary min-heap of timed events: a server's fetch that completes later, a proactive
/// server's next refresh. It holds at most a few events per cache.
struct EventQueue: Sendable {
    /// What happens.
    enum Kind: Sendable {
        /// A lazy worker's background fetch completes with `result` (cache index).
        case lazyFetchDone(StapleResultToken)
        /// A proactive server refreshes (site index).
        case proactiveRefresh
    }

    /// One event.
    struct Event: Sendable {
        var time: Double
        var order: Int
        var index: Int
        var kind: Kind
    }

    private var heap: [Event] = []
    private var added = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// The earliest event's time.
    var nextTime: Double? { heap.first?.time }

    mutating func removeAll() { heap.removeAll(keepingCapacity: true) }

    /// Adds an event; events at the same time come out in the order added.
    mutating func push(time: Double, index: Int, kind: Kind) {
        added += 1
        heap.append(Event(time: time, order: added, index: index, kind: kind))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest event.
    mutating func pop() -> Event? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count && less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count && less(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }

    private func less(_ a: Event, _ b: Event) -> Bool { a.time < b.time || (a.time == b.time && a.order < b.order) }
}
