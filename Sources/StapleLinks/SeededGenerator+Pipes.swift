import StapleCore

extension SeededGenerator {
    /// The seed of one direction's pipe of a connection or session seeded `seed`, under route
    /// generation `generation` (0 when it opens; the generation of the update after a route
    /// changes): every connection and session keeps its own stream across updates, TCP and
    /// UDP alike.
    static func pipeSeed(_ seed: UInt64, _ direction: WireDirection, generation: UInt64) -> UInt64 {
        derive(seed, index: (direction == .forward ? 1 : 2) &+ generation << 8)
    }
}
