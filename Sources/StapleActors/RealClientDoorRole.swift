/// Which front door a real client's own door leads to.
public enum RealClientDoorRole: String, Hashable, Sendable {
    /// The TLS server's front door (the site).
    case site
    /// The OCSP responder's front door (the program's own check).
    case responder
}
