import ArgumentParser
import Foundation
import StaplePKI

/// `staplebench pki`: make a test PKI on disk for nginx, Apache or `openssl`.
struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Make a test PKI on disk (CA, optional intermediate and OCSP signer, server certificates).",
        subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write DIR/ca.pem, DIR/ca.key and, per host, DIR/HOST.pem (leaf, then chain) and DIR/HOST.key.",
            discussion: """
                Keys are written with mode 0600. With --intermediate also DIR/intermediate.pem/.key; with
                --delegated-signer also DIR/ocsp-signer.pem/.key. Example:

                  staplebench pki init /tmp/pki --host example.com --ocsp-url http://127.0.0.1:8080/
                  staplebench serve responder --pki /tmp/pki --listen 127.0.0.1:8080
                """)

        @Argument(help: "The folder to write (created if needed).")
        var dir: String

        @Option(name: .customLong("host"), help: "A hostname to issue a server certificate for (repeatable).")
        var hosts: [String] = []

        @Option(name: .customLong("ocsp-url"), help: "The OCSP responder URL written into every certificate (http://HOST[:PORT]/).")
        var ocspURL: String

        @Flag(name: .customLong("must-staple"), help: "Add the TLS feature extension (RFC 7633 must-staple) to the server certificates.")
        var mustStaple = false

        @Flag(help: "Issue the server certificates from an intermediate CA.")
        var intermediate = false

        @Flag(name: .customLong("delegated-signer"), help: "Also make a delegated OCSP signing certificate (id-kp-OCSPSigning).")
        var delegatedSigner = false

        @Flag(help: "Use RSA-2048 keys instead of ECDSA P-256.")
        var rsa = false

        func validate() throws {
            guard !hosts.isEmpty else { throw ValidationError("give at least one --host NAME") }
            guard ocspURL.lowercased().hasPrefix("http://") else {
                throw ValidationError("--ocsp-url '\(ocspURL)' must be a plain http:// URL (OCSP responses are signed; RFC 6960 uses HTTP)")
            }
            for host in hosts where host.contains("/") || host.contains(" ") || host.isEmpty {
                throw ValidationError("--host '\(host)' is not a hostname")
            }
        }

        func run() throws {
            let options = TestPKI.Options(sites: hosts.map { TestPKI.Site(host: $0.lowercased(), mustStaple: mustStaple) },
                                          ocspURL: ocspURL, intermediate: intermediate, delegatedSigner: delegatedSigner,
                                          algorithm: rsa ? .rsa2048 : .ecP256)
            let pki: TestPKI
            do {
                pki = try TestPKI.make(options)
                try pki.write(to: dir)
            } catch {
                printError("pki init: \(error)")
                throw ExitCode(ExitStatus.failed)
            }
            print("Wrote a test PKI to \(dir):")
            print("  ca.pem, ca.key            root CA \(pki.root.certificate.subject)")
            if intermediate { print("  intermediate.pem/.key     intermediate CA") }
            if delegatedSigner { print("  ocsp-signer.pem/.key      delegated OCSP signer") }
            for (host, identity) in pki.leaves {
                print("  \(host).pem, \(host).key   serial \(identity.certificate.serialHex)\(identity.certificate.mustStaple ? ", must-staple" : "")")
            }
            print("Check a chain with: openssl verify -CAfile \(dir)/ca.pem \(intermediate ? "-untrusted \(dir)/intermediate.pem " : "")\(dir)/\(hosts[0].lowercased()).pem")
        }
    }
}
