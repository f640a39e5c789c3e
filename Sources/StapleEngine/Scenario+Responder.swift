import StapleCore

extension Scenario {
    /// The CA's OCSP responder.
    public struct Responder: Hashable, Sendable {
        /// Who signs the responses.
        public enum Signer: String, Hashable, Sendable, Codable, CaseIterable {
            /// The issuing CA itself.
            case ca
            /// A delegated responder certificate (extended key usage id-kp-OCSPSigning) issued by the CA.
            case delegated
        }

        /// The hostname in the certificates' AIA URL (`http://HOST/`), answered by the resolver.
        public var host: String
        /// Processing delay per request.
        public var delay: Delay
        /// nextUpdate − thisUpdate of every response.
        public var validity: Delay
        /// `Cache-Control: max-age`; nil: until the response's nextUpdate.
        public var maxAge: Delay?
        /// Who signs.
        public var signer: Signer
        /// Windows in which the responder misbehaves, in time order.
        public var outages: [Outage]

        /// A responder with every field given.
        public init(host: String = Responder.defaultHost, delay: Delay = .zero, validity: Delay = .seconds(7 * 86_400),
                    maxAge: Delay? = nil, signer: Signer = .ca, outages: [Outage] = []) {
            self.host = host
            self.delay = delay
            self.validity = validity
            self.maxAge = maxAge
            self.signer = signer
            self.outages = outages
        }

        /// The responder's hostname when a file gives none.
        public static let defaultHost = "ocsp.ca.test"

        /// The outage in force at `time` (scenario seconds since the run started), if any.
        public func outage(at time: Double) -> Outage? {
            outages.first { $0.window.contains(time) }
        }
    }
}
