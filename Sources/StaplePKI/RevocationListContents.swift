/// What a CA puts into one CRL it signs (see ``CertificateAuthority/issueCRL(_:)``).
public struct RevocationListContents: Sendable {
    /// The revoked certificates that matter to the run (a site's, once revoked).
    public var entries: [RevocationEntry]
    /// Other revoked serials that pad the list to a realistic size (see
    /// ``RevocationEntry/paddingSerials(count:)``); they carry `paddingTime` and no reason.
    public var padding: [[UInt8]]
    /// The revocation date of the padding entries, Unix seconds.
    public var paddingTime: Double
    /// thisUpdate, Unix seconds.
    public var thisUpdate: Double
    /// nextUpdate, Unix seconds (RFC 5280 requires one).
    public var nextUpdate: Double
    /// The cRLNumber (monotonically increasing per CA and shard).
    public var number: Int
    /// The URI of this shard's issuingDistributionPoint (critical), for a partitioned CRL;
    /// nil for a full CRL (it then covers every certificate of the CA).
    public var distributionPoint: String?

    /// Makes contents.
    public init(entries: [RevocationEntry], padding: [[UInt8]] = [], paddingTime: Double? = nil,
                thisUpdate: Double, nextUpdate: Double, number: Int, distributionPoint: String? = nil) {
        self.entries = entries
        self.padding = padding
        self.paddingTime = paddingTime ?? thisUpdate - 86_400
        self.thisUpdate = thisUpdate
        self.nextUpdate = nextUpdate
        self.number = number
        self.distributionPoint = distributionPoint
    }
}
