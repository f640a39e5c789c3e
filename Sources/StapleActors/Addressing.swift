import NIOCore

extension SocketAddress {
    /// `IP:port`, or the address's own description when it has no IP.
    var ipAndPort: String {
        guard let ip = ipAddress, let port else { return "\(self)" }
        return "\(ip):\(port)"
    }
}
