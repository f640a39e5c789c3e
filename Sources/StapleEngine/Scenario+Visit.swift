extension Scenario {
    /// One (client instance, site) pair of the workload's round-robin.
    public struct Visit: Hashable, Sendable {
        /// The instance's name (`Alice` or `Alice-2`).
        public var client: String
        /// The index of the client in `Scenario.clients` the instance belongs to.
        public var clientIndex: Int
        /// The hostname visited.
        public var site: String

        /// A visit.
        public init(client: String, clientIndex: Int, site: String) {
            self.client = client
            self.clientIndex = clientIndex
            self.site = site
        }
    }

    /// The round-robin cycle of the workload: connection `seq` of a mode (warm-up included,
    /// from 0) is `visitCycle()[seq % count]`. Clients in file order, each instance in turn,
    /// each visited site in the order written.
    public func visitCycle() -> [Visit] {
        var cycle: [Visit] = []
        for (index, client) in clients.enumerated() {
            for instance in client.instanceNames {
                for host in client.visits {
                    cycle.append(Visit(client: instance, clientIndex: index, site: host))
                }
            }
        }
        return cycle
    }
}
