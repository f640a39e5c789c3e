#if canImport(Glibc)
import Glibc
import StapleCore
#endif

/// A complete test PKI for a scenario, shaped like the Web PKI by default: a root CA, an
/// issuing intermediate CA, one server certificate per site issued by the intermediate (the
/// server sends leaf + intermediate), and optionally delegated OCSP signers.
///
/// Every OCSP response it leads to can be verified by OpenSSL, NSS and GnuTLS clients: a
/// leaf's status is signed by its issuer (the intermediate, which the server sends, so the
/// response needs no certificate inside), or by a delegated signer that issuer certified
/// with id-kp-OCSPSigning, embedded in the response; the intermediate's own status is signed
/// by the root (or the root's delegated signer). A leaf straight from the root
/// (``Site/viaIntermediate`` false) is a shape the Web PKI does not use: built-in clients
/// accept it, but OpenSSL-based clients that look for the issuer in the server's chain
/// (curl, nginx) cannot find it there.
///
/// On disk (``write(to:force:)``) it is laid out so that people can use it with nginx, Apache
/// or `openssl` directly: `ca.pem`, `ca.key`, `intermediate.pem`/`.key`, and per host
/// `HOST.pem` (leaf, then chain) and `HOST.key`; with delegated signers also
/// `ocsp-signer.pem`/`.key` (the intermediate's) and `root-ocsp-signer.pem`/`.key`.
/// Keys are written with mode 0600.
public struct TestPKI: Sendable {
    /// Options for one site's certificate.
    public struct Site: Sendable, Hashable {
        /// The hostname (common name and subjectAltName).
        public var host: String
        /// Whether the certificate carries must-staple (RFC 7633).
        public var mustStaple: Bool
        /// Key algorithm; nil for the CA's.
        public var algorithm: PrivateKey.Algorithm?
        /// Issue this leaf from the intermediate CA (nil: as ``Options/intermediate`` says).
        public var viaIntermediate: Bool?
        /// The leaf's CRL distribution point URL (nil: none).
        public var crlURL: String?
        /// The leaf's validity window (nil: ``Validity/standard``), e.g. a short-lived certificate's.
        public var validity: Validity?

        /// Makes site options.
        public init(host: String, mustStaple: Bool = false, algorithm: PrivateKey.Algorithm? = nil,
                    viaIntermediate: Bool? = nil, crlURL: String? = nil, validity: Validity? = nil) {
            self.host = host
            self.mustStaple = mustStaple
            self.algorithm = algorithm
            self.viaIntermediate = viaIntermediate
            self.crlURL = crlURL
            self.validity = validity
        }
    }

    /// What to make.
    public struct Options: Sendable, Hashable {
        /// The sites.
        public var sites: [Site]
        /// The OCSP URL written into every certificate's authorityInfoAccess (nil: none).
        public var ocspURL: String?
        /// Issue leaves from an intermediate CA (the default, as in the Web PKI) rather than the root.
        public var intermediate: Bool
        /// Sign OCSP responses with a delegated signer certificate rather than the CA key.
        public var delegatedSigner: Bool
        /// The CA's key algorithm.
        public var algorithm: PrivateKey.Algorithm
        /// The intermediate's CRL distribution point: where the root's CRL covering it is (nil: none).
        public var intermediateCRLURL: String?

        /// Makes options.
        public init(sites: [Site], ocspURL: String?, intermediate: Bool = true,
                    delegatedSigner: Bool = false, algorithm: PrivateKey.Algorithm = .ecP256,
                    intermediateCRLURL: String? = nil) {
            self.sites = sites
            self.ocspURL = ocspURL
            self.intermediate = intermediate
            self.delegatedSigner = delegatedSigner
            self.algorithm = algorithm
            self.intermediateCRLURL = intermediateCRLURL
        }
    }

    /// The root CA.
    public let root: CertificateAuthority
    /// The intermediate CA, if any.
    public let intermediate: CertificateAuthority?
    /// The delegated OCSP signer of the issuing CA, if any.
    public let ocspSigner: IssuedCertificate?
    /// The root's delegated OCSP signer (for the intermediate's status), when there are both.
    public let rootOCSPSigner: IssuedCertificate?
    /// The server certificates, in the order of the sites.
    public let leaves: [(host: String, identity: IssuedCertificate)]

    /// The CA that issues the leaves (the intermediate when there is one).
    public var issuingCA: CertificateAuthority { intermediate ?? root }

    /// The server certificate for `host`.
    public func leaf(for host: String) -> IssuedCertificate? {
        leaves.first(where: { $0.host.lowercased() == host.lowercased() })?.identity
    }

    /// Makes a fresh PKI.
    public static func make(_ options: Options) throws(OpenSSLError) -> TestPKI {
        let root = try CertificateAuthority.root(algorithm: options.algorithm)
        let wantsIntermediate = options.intermediate || options.sites.contains { $0.viaIntermediate == true }
        let intermediate = wantsIntermediate ? try root.issueIntermediate(ocspURL: options.ocspURL, crlURL: options.intermediateCRLURL) : nil
        let issuing = intermediate ?? root
        let signer = options.delegatedSigner ? try issuing.issueOCSPSigner() : nil
        let rootSigner = options.delegatedSigner && intermediate != nil
            ? try root.issueOCSPSigner(name: "StapleBench Root OCSP Signer") : nil
        var leaves: [(String, IssuedCertificate)] = []
        for site in options.sites {
            let ca = (site.viaIntermediate ?? options.intermediate) ? issuing : root
            leaves.append((site.host, try ca.issueLeaf(hosts: [site.host], ocspURL: options.ocspURL,
                                                       mustStaple: site.mustStaple, algorithm: site.algorithm,
                                                       validity: site.validity ?? .standard, crlURL: site.crlURL)))
        }
        return TestPKI(root: root, intermediate: intermediate, ocspSigner: signer, rootOCSPSigner: rootSigner,
                       leaves: leaves)
    }

    /// Assembles a PKI from parts.
    public init(root: CertificateAuthority, intermediate: CertificateAuthority?, ocspSigner: IssuedCertificate?,
                rootOCSPSigner: IssuedCertificate? = nil, leaves: [(String, IssuedCertificate)]) {
        self.root = root
        self.intermediate = intermediate
        self.ocspSigner = ocspSigner
        self.rootOCSPSigner = rootOCSPSigner
        self.leaves = leaves.map { (host: $0.0, identity: $0.1) }
    }

    /// What an OCSP responder for this PKI answers for: each CA's leaves (signed by its
    /// delegated signer when there is one), and with an intermediate, the root's intermediate.
    ///
    /// - Parameter includeSignerCertificates: embed the signer's certificate in every response
    ///   (nginx finds a root signer only there); nil: only for delegated signers.
    public func authorities(includeSignerCertificates: Bool? = nil) -> [OCSPAuthority] {
        var result: [OCSPAuthority] = []
        if let intermediate {
            let fromIntermediate = leaves.filter { $0.identity.certificate.isIssued(by: intermediate.certificate) }
            result.append(OCSPAuthority(issuer: intermediate.identity, delegatedSigner: ocspSigner,
                                        includeSignerCertificate: includeSignerCertificates,
                                        issued: fromIntermediate.map { ($0.identity.certificate, $0.host) }))
        }
        let fromRoot = leaves.filter { $0.identity.certificate.isIssued(by: root.certificate) }
        var rootIssued = fromRoot.map { ($0.identity.certificate, $0.host) }
        if let intermediate {
            rootIssued.append((intermediate.certificate, intermediate.certificate.commonName ?? "intermediate"))
        }
        result.append(OCSPAuthority(issuer: root.identity, delegatedSigner: intermediate == nil ? ocspSigner : rootOCSPSigner,
                                    includeSignerCertificate: includeSignerCertificates, issued: rootIssued))
        return result
    }

    /// A trust store holding the root.
    public func trustStore() throws(OpenSSLError) -> TrustStore { try TrustStore(roots: [root.certificate]) }

    /// The issuer of `certificate` within this PKI (root or intermediate).
    public func issuer(of certificate: Certificate) -> Certificate? {
        [intermediate?.certificate, root.certificate].compactMap { $0 }.first { certificate.isIssued(by: $0) }
    }

    // MARK: - Files

    /// The files of an earlier PKI that ``write(to:force:)`` removes when it replaces one.
    static let reservedNames = ["ca", "intermediate", "ocsp-signer", "root-ocsp-signer"]

    /// Writes the PKI into `directory` (created if needed); keys get mode 0600.
    ///
    /// Nothing is written through a symbolic link, and nothing is written at all when one of
    /// the files is a symbolic link or (without `force`) already exists: the error names it.
    /// With `force`, existing regular files are replaced, and the CA and signer files of an
    /// earlier PKI that this one does not have are removed.
    public func write(to directory: String, force: Bool = false) throws(PKIFileError) {
        try PKIFiles.makeDirectory(directory)
        var files: [(name: String, text: String, mode: mode_t)] = []
        do {
            func add(_ name: String, _ identity: IssuedCertificate?, chain: Bool = false) throws {
                guard let identity else { return }
                var pem = try identity.certificate.pem()
                if chain { for cert in identity.chain { pem += try cert.pem() } }
                files.append((name + ".pem", pem, 0o644))
                files.append((name + ".key", try identity.key.pem(), 0o600))
            }
            try add("ca", root.identity)
            try add("intermediate", intermediate?.identity)
            try add("ocsp-signer", ocspSigner)
            try add("root-ocsp-signer", rootOCSPSigner)
            for (host, identity) in leaves { try add(host, identity, chain: true) }
        } catch {
            throw PKIFileError(path: directory, reason: "cannot encode the PKI: \(error)")
        }
        let stale = TestPKI.reservedNames.flatMap { [$0 + ".pem", $0 + ".key"] }
            .filter { name in !files.contains { $0.name == name } }
        try PKIFiles.checkWritable(files.map { "\(directory)/\($0.name)" }, replace: force)
        try PKIFiles.checkWritable(stale.map { "\(directory)/\($0)" }, replace: force)
        for name in stale where PKIFiles.entry(at: "\(directory)/\(name)") == .regularFile {
            if unlink("\(directory)/\(name)") != 0 {
                throw PKIFileError(path: "\(directory)/\(name)", reason: "cannot remove the earlier PKI's file: \(String(cString: strerror(errno)))")
            }
        }
        for file in files {
            try PKIFiles.write(file.text, to: "\(directory)/\(file.name)", mode: file.mode, replace: force)
        }
    }

    /// Reads a PKI written by ``write(to:)`` (or by `staplebench pki init`).
    public static func load(from directory: String) throws(PKIFileError) -> TestPKI {
        func identity(_ name: String) throws(PKIFileError) -> IssuedCertificate? {
            let certPath = "\(directory)/\(name).pem", keyPath = "\(directory)/\(name).key"
            guard PKIFiles.exists(certPath) else { return nil }
            do {
                let certs = try Certificate.all(pem: try PKIFiles.read(certPath))
                let key = try PrivateKey(pem: try PKIFiles.read(keyPath))
                return IssuedCertificate(certificate: certs[0], key: key, chain: Array(certs.dropFirst()))
            } catch let error as PKIFileError {
                throw error
            } catch {
                throw PKIFileError(path: certPath, reason: "cannot read the certificate or its key: \(error)")
            }
        }
        guard let rootIdentity = try identity("ca") else {
            throw PKIFileError(path: directory + "/ca.pem",
                               reason: "no CA certificate; make one with `staplebench pki init \(directory) --host NAME`")
        }
        let root = CertificateAuthority(identity: rootIdentity)
        let intermediate = try identity("intermediate").map { CertificateAuthority(identity: $0) }
        let signer = try identity("ocsp-signer")
        let rootSigner = try identity("root-ocsp-signer")
        var leaves: [(String, IssuedCertificate)] = []
        let reserved = Set(reservedNames)
        for name in try PKIFiles.list(directory) where name.hasSuffix(".pem") {
            let host = String(name.dropLast(4))
            guard !reserved.contains(host), let leaf = try identity(host) else { continue }
            leaves.append((host, leaf))
        }
        return TestPKI(root: root, intermediate: intermediate, ocspSigner: signer, rootOCSPSigner: rootSigner, leaves: leaves)
    }
}
