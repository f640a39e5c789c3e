/// The stamps of the chunks of one direction of a stream, by stream position, so that a message
/// spanning chunks is timed by the chunk that held its first byte.
///
/// Bounded: stamps more than `window` bytes behind the stream's end are forgotten (the tap's
/// readers buffer less than that), keeping at least the newest.
struct StreamStamps {
    /// How far behind the end a position may still be asked for.
    static let window = 3 * 64 * 1024

    private var starts: [(position: Int, stamp: WireStamp)] = []
    /// Bytes appended so far: the position of the next chunk.
    private(set) var end = 0

    /// Notes a chunk of `count` bytes stamped `stamp`, at the end of the stream.
    mutating func append(count: Int, stamp: WireStamp) {
        guard count > 0 else { return }
        starts.append((end, stamp))
        end += count
        let horizon = end - StreamStamps.window
        if starts.count > 1, starts[0].position < horizon - StreamStamps.window {
            var keep = 0   // the last start at or before the horizon still covers it
            while keep + 1 < starts.count, starts[keep + 1].position <= horizon { keep += 1 }
            starts.removeFirst(keep)
        }
    }

    /// The stamp of the chunk holding `position` (the oldest kept one for a forgotten position).
    func stamp(at position: Int) -> WireStamp? {
        var low = 0
        var high = starts.count - 1
        guard high >= 0 else { return nil }
        while low < high {   // the last start at or before `position`
            let mid = (low + high + 1) / 2
            if starts[mid].position <= position { low = mid } else { high = mid - 1 }
        }
        return starts[low].stamp
    }

    /// How many stamps are kept (for the bound's test).
    var count: Int { starts.count }
}
