import NIOCore
import NIOPosix

/// The two bootstraps every splicing proxy uses (a front door, a real client's door), written once.
public enum SpliceBootstrap {
    /// A listener whose accepted sockets are spliced by `Connection`s made by `make`: no Nagle,
    /// half-closure allowed (each direction closes on its own), address reuse, `backlog`.
    public static func listener<Connection: SplicedConnection>(
        group: any EventLoopGroup, backlog: Int32, make: @escaping @Sendable (Channel) -> Connection
    ) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: backlog)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SpliceHandler(connection: make(channel), side: .downstream))
                }
            }
    }

    /// Connects `connection`'s upstream socket to `target` from `source` (the party's own address,
    /// port 0), on `loop`, the connection's event loop; `failed` is told why it could not.
    public static func connectUpstream<Connection: SplicedConnection>(
        _ connection: Connection, on loop: any EventLoop, from source: SocketAddress, to target: SocketAddress,
        failed: @escaping (any Error) -> Void
    ) {
        let bound = NIOLoopBound(connection, eventLoop: loop)
        ClientBootstrap(group: loop)
            .channelOption(ChannelOptions.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .bind(to: source)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SpliceHandler(connection: bound.value, side: .upstream))
                }
            }
            .connect(to: target)
            .assumeIsolated()
            .whenFailure(failed)
    }
}
