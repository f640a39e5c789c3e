#if canImport(Glibc)
import Glibc
#endif

/// A complete test PKI for a scenario: a root CA, an optional intermediate, an optional
/// delegated OCSP signer, and one server certificate per site.
///
/// On disk (``write(to:)``) it is laid out so that people can use it with nginx, Apache or
/// `openssl` directly: `ca.pem`, `ca.key`, and per host `HOST.pem` (leaf, then chain) and
/// `HOST.key`; with an intermediate also `intermediate.pem`/`.key`, with a delegated
/// signer `ocsp-signer.pem`/`.key`. Keys are written with mode 0600.
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

        /// Makes site options.
        public init(host: String, mustStaple: Bool = false, algorithm: PrivateKey.Algorithm? = nil,
                    viaIntermediate: Bool? = nil) {
            self.host = host
            self.mustStaple = mustStaple
            self.algorithm = algorithm
            self.viaIntermediate = viaIntermediate
        }
    }

    /// What to make.
    public struct Options: Sendable, Hashable {
        /// The sites.
        public var sites: [Site]
        /// The OCSP URL written into every certificate's authorityInfoAccess (nil: none).
        public var ocspURL: String?
        /// Issue leaves from an intermediate CA rather than the root.
        public var intermediate: Bool
        /// Sign OCSP responses with a delegated signer certificate rather than the CA key.
        public var delegatedSigner: Bool
        /// The CA's key algorithm.
        public var algorithm: PrivateKey.Algorithm

        /// Makes options.
        public init(sites: [Site], ocspURL: String?, intermediate: Bool = false,
                    delegatedSigner: Bool = false, algorithm: PrivateKey.Algorithm = .ecP256) {
            self.sites = sites
            self.ocspURL = ocspURL
            self.intermediate = intermediate
            self.delegatedSigner = delegatedSigner
            self.algorithm = algorithm
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
        let intermediate = wantsIntermediate ? try root.issueIntermediate(ocspURL: options.ocspURL) : nil
        let issuing = intermediate ?? root
        let signer = options.delegatedSigner ? try issuing.issueOCSPSigner() : nil
        let rootSigner = options.delegatedSigner && intermediate != nil ? try root.issueOCSPSigner() : nil
        var leaves: [(String, IssuedCertificate)] = []
        for site in options.sites {
            let ca = (site.viaIntermediate ?? options.intermediate) ? issuing : root
            leaves.append((site.host, try ca.issueLeaf(hosts: [site.host], ocspURL: options.ocspURL,
                                                       mustStaple: site.mustStaple, algorithm: site.algorithm)))
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

    /// Writes the PKI into `directory` (created if needed); keys get mode 0600.
    public func write(to directory: String) throws(PKIFileError) {
        try PKIFiles.makeDirectory(directory)
        do {
            try PKIFiles.write(root.certificate.pem(), to: directory + "/ca.pem", mode: 0o644)
            try PKIFiles.write(root.key.pem(), to: directory + "/ca.key", mode: 0o600)
            if let intermediate {
                try PKIFiles.write(intermediate.certificate.pem(), to: directory + "/intermediate.pem", mode: 0o644)
                try PKIFiles.write(intermediate.key.pem(), to: directory + "/intermediate.key", mode: 0o600)
            }
            if let ocspSigner {
                try PKIFiles.write(ocspSigner.certificate.pem(), to: directory + "/ocsp-signer.pem", mode: 0o644)
                try PKIFiles.write(ocspSigner.key.pem(), to: directory + "/ocsp-signer.key", mode: 0o600)
            }
            for (host, identity) in leaves {
                var pem = try identity.certificate.pem()
                for cert in identity.chain { pem += try cert.pem() }
                try PKIFiles.write(pem, to: "\(directory)/\(host).pem", mode: 0o644)
                try PKIFiles.write(identity.key.pem(), to: "\(directory)/\(host).key", mode: 0o600)
            }
        } catch let error as PKIFileError {
            throw error
        } catch {
            throw PKIFileError(path: directory, reason: "\(error)")
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
        var leaves: [(String, IssuedCertificate)] = []
        let reserved: Set<String> = ["ca", "intermediate", "ocsp-signer"]
        for name in try PKIFiles.list(directory) where name.hasSuffix(".pem") {
            let host = String(name.dropLast(4))
            guard !reserved.contains(host), let leaf = try identity(host) else { continue }
            leaves.append((host, leaf))
        }
        return TestPKI(root: root, intermediate: intermediate, ocspSigner: signer, leaves: leaves)
    }
}

/// A PKI file could not be written or read.
public struct PKIFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file or folder.
    public var path: String
    /// What went wrong.
    public var reason: String

    /// Makes an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    /// `path: reason`.
    public var description: String { "\(path): \(reason)" }
}

/// Small POSIX file helpers for the PKI folder (keys must be created 0600, never widened).
enum PKIFiles {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func makeDirectory(_ path: String) throws(PKIFileError) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o755) != 0 && errno != EEXIST {
                throw PKIFileError(path: partial, reason: String(cString: strerror(errno)))
            }
        }
    }

    static func write(_ text: String, to path: String, mode: mode_t) throws(PKIFileError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw PKIFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        // An existing file keeps its old mode through O_TRUNC: set it explicitly.
        guard fchmod(fd, mode) == 0 else { throw PKIFileError(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard written > 0 else { throw PKIFileError(path: path, reason: String(cString: strerror(errno))) }
            offset += written
        }
    }

    static func read(_ path: String) throws(PKIFileError) -> String {
        guard let file = fopen(path, "rb") else { throw PKIFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func list(_ directory: String) throws(PKIFileError) -> [String] {
        guard let dir = opendir(directory) else { throw PKIFileError(path: directory, reason: String(cString: strerror(errno))) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
