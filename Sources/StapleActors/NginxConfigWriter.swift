/// Writes an nginx configuration from an ``ExternalServerConfig`` (a pure function: same
/// levers, same text).
///
/// Everything is private to the working folder: pid file, lock file, error and access logs,
/// temp folders. The server listens only on the given loopback address and answers every
/// request with `200 ok`. nginx is run with `-p DIR -c DIR/nginx.conf -e DIR/logs/error.log
/// -g 'daemon off;'`, so `daemon` is not written here.
public enum NginxConfigWriter {
    /// The configuration file's text; `config.port` is written as is (resolve 0 first).
    public static func text(for config: ExternalServerConfig) -> String {
        let paths = config.paths
        var lines: [String] = [
            "# StapleBench: a private nginx for the server actor. Generated; edits are overwritten.",
            "worker_processes \(config.workers);",
            "user \(config.user) \(config.group);",
            "pid \(paths.pidFile);",
            "lock_file \(paths.run)/nginx.lock;",
            "error_log \(paths.errorLog) notice;",
            "",
            "events {",
            "    worker_connections 1024;",
            "}",
            "",
            "http {",
            "    log_format staplebench '$remote_addr $ssl_server_name $status \"$request\"';",
            "    access_log \(paths.accessLog) staplebench;",
            "    client_body_temp_path \(paths.temp)/client_body;",
            "    proxy_temp_path \(paths.temp)/proxy;",
            "    fastcgi_temp_path \(paths.temp)/fastcgi;",
            "    uwsgi_temp_path \(paths.temp)/uwsgi;",
            "    scgi_temp_path \(paths.temp)/scgi;",
            "    default_type text/plain;",
            "    keepalive_timeout 0;",
            // nginx negotiates the version before it reads the SNI, so one line for every server.
            "    ssl_protocols \(config.tlsProtocolNames.joined(separator: " "));",
        ]
        if let resolver = config.resolver {
            lines.append("    resolver \(resolver) ipv6=off;")
        }
        for (index, site) in config.sites.enumerated() {
            lines.append("")
            lines.append("    server {")
            lines.append("        listen \(config.host):\(config.port) ssl\(index == 0 ? " default_server" : "");")
            lines.append("        server_name \(site.hostname);")
            lines.append("        ssl_certificate \(site.certificatePath);")
            lines.append("        ssl_certificate_key \(site.keyPath);")
            lines.append("        ssl_stapling \(onOff(config.stapling));")
            lines.append("        ssl_stapling_verify \(onOff(config.verify));")
            if let responder = config.responderURL {
                lines.append("        ssl_stapling_responder \(responder);")
            }
            if let trusted = config.trustedCertificatePath {
                lines.append("        ssl_trusted_certificate \(trusted);")
            }
            lines.append("        location / {")
            lines.append("            return 200 \"\(ExternalServerPaths.body)\";")
            lines.append("        }")
            lines.append("    }")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The arguments that run nginx in the foreground with this configuration.
    public static func runArguments(_ paths: ExternalServerPaths) -> [String] {
        ["-p", paths.root + "/", "-c", paths.configFile, "-e", paths.errorLog, "-g", "daemon off;"]
    }

    /// The arguments that check the configuration (`nginx -t`).
    public static func checkArguments(_ paths: ExternalServerPaths) -> [String] {
        ["-t", "-q"] + runArguments(paths)
    }

    private static func onOff(_ value: Bool) -> String { value ? "on" : "off" }
}
