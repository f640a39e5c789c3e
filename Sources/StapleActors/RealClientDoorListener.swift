import NIOCore
import Synchronization

/// The bound channel of one real-client door (TCP or UDP): kept once bound, closed by `stop`.
final class RealClientDoorListener: Sendable {
    private let channel = Mutex<Channel?>(nil)

    /// Keeps `bound` and returns its address; a channel without one is closed and an error.
    func adopt(_ bound: Channel, address text: String) async throws -> SocketAddress {
        channel.withLock { $0 = bound }
        guard let address = bound.localAddress else {
            try? await bound.close()
            throw RealClientError.doorFailed(address: text, reason: "no local address after bind")
        }
        return address
    }

    /// Closes the channel, if any (once).
    func stop() async {
        let bound = channel.withLock { value -> Channel? in
            defer { value = nil }
            return value
        }
        try? await bound?.close()
    }
}
