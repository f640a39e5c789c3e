import ArgumentParser
import Foundation
import StaplePKI

/// `staplebench pki`: make a test PKI on disk for nginx, Apache or `openssl`.
struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Make a test PKI on disk (root CA, issuing intermediate CA, optional OCSP signers, server certificates).",
        subcommands: [Init.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write DIR/ca.pem, DIR/intermediate.pem and, per host, DIR/HOST.pem (leaf, then chain) with their keys.",
            discussion: """
                The PKI is shaped like the Web PKI: root CA (ca.pem) -> issuing intermediate CA \
                (intermediate.pem) -> one server certificate per host; HOST.pem holds the leaf and then \
                the intermediate, so a server configured with it sends both. OCSP responses for a leaf \
                are signed by the intermediate (with --delegated-signer: by DIR/ocsp-signer.pem, which \
                the intermediate issued with id-kp-OCSPSigning and which every response embeds; the \
                intermediate's own status by DIR/root-ocsp-signer.pem). curl --cert-status, gnutls-cli \
                --ocsp, openssl s_client -status, nginx and Apache all verify them.

                Keys are written with mode 0600. Nothing is written through a symbolic link, and an \
                existing PKI is never overwritten unless --force is given; either refusal exits 2 \
                with nothing written. Example:

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

        @Flag(help: "Issue the server certificates from an intermediate CA (the default; kept so older command lines still work).")
        var intermediate = false

        @Flag(help: "Replace the files of an existing PKI in DIR (still never through a symbolic link).")
        var force = false

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
                                          ocspURL: ocspURL, intermediate: true, delegatedSigner: delegatedSigner,
                                          algorithm: rsa ? .rsa2048 : .ecP256)
            let pki: TestPKI
            do {
                pki = try TestPKI.make(options)
            } catch {
                printError("pki init: \(error)")
                throw ExitCode(ExitStatus.failed)
            }
            do {
                try pki.write(to: dir, force: force)
            } catch {
                // A folder that cannot hold the PKI, a symbolic link, or an existing PKI: bad input.
                printError("pki init: \(error)")
                throw ExitCode(ExitStatus.badInput)
            }
            print("Wrote a test PKI to \(dir):")
            print("  ca.pem, ca.key            root CA \(pki.root.certificate.subject)")
            print("  intermediate.pem/.key     issuing intermediate CA \(pki.issuingCA.certificate.subject)")
            if delegatedSigner {
                print("  ocsp-signer.pem/.key      delegated OCSP signer of the intermediate (leaves' status)")
                print("  root-ocsp-signer.pem/.key delegated OCSP signer of the root (the intermediate's status)")
            }
            for (host, identity) in pki.leaves {
                print("  \(host).pem, \(host).key   serial \(identity.certificate.serialHex)\(identity.certificate.mustStaple ? ", must-staple" : "")")
            }
            print("Check a chain with: openssl verify -CAfile \(dir)/ca.pem -untrusted \(dir)/intermediate.pem \(dir)/\(hosts[0].lowercased()).pem")
        }
    }
}
