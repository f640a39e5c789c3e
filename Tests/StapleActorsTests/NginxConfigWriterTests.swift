import Testing
import StapleCore
@testable import StapleActors

/// Golden tests: the nginx configuration written for given levers, byte for byte.
@Suite struct NginxConfigWriterTests {
    /// Two sites, every lever set.
    static let full = ExternalServerConfig(
        kind: .nginx, host: "127.0.0.20", port: 8443,
        sites: [.pki("/srv/pki", host: "example.com"), .pki("/srv/pki", host: "second.test")],
        responderURL: "http://127.0.0.30:8080/", trustedCertificatePath: "/srv/pki/ca.pem", workers: 2,
        resolver: "127.0.0.53:5353", responderTimeout: .milliseconds(2500), returnResponderErrors: false,
        errorCacheTimeout: .seconds(60), standardCacheTimeout: .seconds(3600),
        workingDirectory: "/srv/staplebench/nginx")

    /// One site, stapling off, no optional lever.
    static let minimal = ExternalServerConfig(
        kind: .nginx, host: "127.0.0.21", port: 443, sites: [.pki("/srv/pki", host: "example.com")],
        stapling: false, verify: false, workingDirectory: "/srv/n")

    @Test func everyLever() {
        let text = NginxConfigWriter.text(for: Self.full)
        #expect(text == Self.fullGolden)
    }

    @Test func staplingOffAndNoOptionalLever() {
        let text = NginxConfigWriter.text(for: Self.minimal)
        #expect(text == Self.minimalGolden)
        #expect(!text.contains("ssl_stapling_responder"))
        #expect(!text.contains("resolver"))
        #expect(!text.contains("ssl_trusted_certificate"))
    }

    @Test func apacheOnlyLeversDoNotChangeTheNginxConfig() {
        var changed = Self.full
        changed.responderTimeout = .seconds(1)
        changed.returnResponderErrors = true
        changed.errorCacheTimeout = nil
        changed.stapleCacheBytes = 1 << 20
        #expect(NginxConfigWriter.text(for: changed) == NginxConfigWriter.text(for: Self.full))
    }

    @Test func everyPathTheServerWritesIsInsideTheWorkingFolder() {
        let text = NginxConfigWriter.text(for: Self.full)
        let written = ["pid ", "lock_file ", "error_log ", "access_log ", "_temp_path "]
        for line in text.split(separator: "\n") where written.contains(where: { line.contains($0) }) {
            #expect(line.contains(" /srv/staplebench/nginx/"), "\(line)")
        }
        #expect(NginxConfigWriter.runArguments(Self.full.paths)
                == ["-p", "/srv/staplebench/nginx/", "-c", "/srv/staplebench/nginx/nginx.conf",
                    "-e", "/srv/staplebench/nginx/logs/error.log", "-g", "daemon off;"])
        #expect(NginxConfigWriter.checkArguments(Self.full.paths).prefix(2) == ["-t", "-q"])
    }

    static let fullGolden = #"""
        # StapleBench: a private nginx for the server actor. Generated; edits are overwritten.
        worker_processes 2;
        user www-data www-data;
        pid /srv/staplebench/nginx/nginx.pid;
        lock_file /srv/staplebench/nginx/run/nginx.lock;
        error_log /srv/staplebench/nginx/logs/error.log notice;

        events {
            worker_connections 1024;
        }

        http {
            log_format staplebench '$remote_addr $ssl_server_name $status "$request"';
            access_log /srv/staplebench/nginx/logs/access.log staplebench;
            client_body_temp_path /srv/staplebench/nginx/tmp/client_body;
            proxy_temp_path /srv/staplebench/nginx/tmp/proxy;
            fastcgi_temp_path /srv/staplebench/nginx/tmp/fastcgi;
            uwsgi_temp_path /srv/staplebench/nginx/tmp/uwsgi;
            scgi_temp_path /srv/staplebench/nginx/tmp/scgi;
            default_type text/plain;
            keepalive_timeout 0;
            ssl_protocols TLSv1.2 TLSv1.3;
            resolver 127.0.0.53:5353 ipv6=off;

            server {
                listen 127.0.0.20:8443 ssl default_server;
                server_name example.com;
                ssl_certificate /srv/pki/example.com.pem;
                ssl_certificate_key /srv/pki/example.com.key;
                ssl_stapling on;
                ssl_stapling_verify on;
                ssl_stapling_responder http://127.0.0.30:8080/;
                ssl_trusted_certificate /srv/pki/ca.pem;
                location / {
                    return 200 "ok";
                }
            }

            server {
                listen 127.0.0.20:8443 ssl;
                server_name second.test;
                ssl_certificate /srv/pki/second.test.pem;
                ssl_certificate_key /srv/pki/second.test.key;
                ssl_stapling on;
                ssl_stapling_verify on;
                ssl_stapling_responder http://127.0.0.30:8080/;
                ssl_trusted_certificate /srv/pki/ca.pem;
                location / {
                    return 200 "ok";
                }
            }
        }

        """#

    static let minimalGolden = #"""
        # StapleBench: a private nginx for the server actor. Generated; edits are overwritten.
        worker_processes 1;
        user www-data www-data;
        pid /srv/n/nginx.pid;
        lock_file /srv/n/run/nginx.lock;
        error_log /srv/n/logs/error.log notice;

        events {
            worker_connections 1024;
        }

        http {
            log_format staplebench '$remote_addr $ssl_server_name $status "$request"';
            access_log /srv/n/logs/access.log staplebench;
            client_body_temp_path /srv/n/tmp/client_body;
            proxy_temp_path /srv/n/tmp/proxy;
            fastcgi_temp_path /srv/n/tmp/fastcgi;
            uwsgi_temp_path /srv/n/tmp/uwsgi;
            scgi_temp_path /srv/n/tmp/scgi;
            default_type text/plain;
            keepalive_timeout 0;
            ssl_protocols TLSv1.2 TLSv1.3;

            server {
                listen 127.0.0.21:443 ssl default_server;
                server_name example.com;
                ssl_certificate /srv/pki/example.com.pem;
                ssl_certificate_key /srv/pki/example.com.key;
                ssl_stapling off;
                ssl_stapling_verify off;
                location / {
                    return 200 "ok";
                }
            }
        }

        """#
}
