import StapleCore

/// Writes an Apache httpd 2.4 configuration from an ``ExternalServerConfig`` (a pure
/// function: same levers, same text).
///
/// A complete configuration, not Debian's `/etc/apache2`: ServerRoot, PidFile,
/// DefaultRuntimeDir, Mutex, ScoreBoardFile, logs and the stapling and session caches all
/// live in the working folder; modules are loaded from Debian's folder (the event MPM,
/// mod_ssl, mod_socache_shmcb, mod_authz_core, mod_dir). One name-based virtual host per
/// site on the loopback address, each serving `htdocs/index.txt` (`ok`). Apache is run as
/// `apache2 -f FILE -DFOREGROUND`.
public enum ApacheConfigWriter {
    /// The modules the configuration loads, with their Apache names.
    public static let modules: [(name: String, file: String)] = [
        ("mpm_event_module", "mod_mpm_event.so"),
        ("authz_core_module", "mod_authz_core.so"),
        ("dir_module", "mod_dir.so"),
        ("socache_shmcb_module", "mod_socache_shmcb.so"),
        ("ssl_module", "mod_ssl.so"),
    ]

    /// Threads per child process of the event MPM.
    public static let threadsPerChild = 25

    /// The configuration file's text; `config.port` is written as is (resolve 0 first).
    public static func text(for config: ExternalServerConfig) -> String {
        let paths = config.paths
        let address = "\(config.host):\(config.port)"
        let threads = threadsPerChild * config.workers
        var lines: [String] = [
            "# StapleBench: a private Apache httpd for the server actor. Generated; edits are overwritten.",
            "ServerRoot \"\(paths.root)\"",
            "ServerName \(config.sites.first?.hostname ?? "localhost")",
        ]
        for module in modules {
            lines.append("LoadModule \(module.name) \(config.apacheModules)/\(module.file)")
        }
        lines += [
            "User \(config.user)",
            "Group \(config.group)",
            "PidFile \"\(paths.pidFile)\"",
            "DefaultRuntimeDir \"\(paths.run)\"",
            "ScoreBoardFile \"\(paths.run)/scoreboard\"",
            "Mutex file:\(paths.run) default",
            "ErrorLog \"\(paths.errorLog)\"",
            "LogLevel notice",
            "LogFormat \"%a %{SSL_TLS_SNI}x %>s \\\"%r\\\"\" staplebench",
            "CustomLog \"\(paths.accessLog)\" staplebench",
            "KeepAlive Off",
            "Timeout 60",
            "StartServers \(config.workers)",
            "ServerLimit \(config.workers)",
            "ThreadsPerChild \(threadsPerChild)",
            "MaxRequestWorkers \(threads)",
            "MinSpareThreads 1",
            "MaxSpareThreads \(threads)",
            "Listen \(address) https",
            "SSLSessionCache \"shmcb:\(paths.run)/sessions(512000)\"",
            "SSLStaplingCache \"shmcb:\(paths.run)/stapling(\(config.stapleCacheBytes))\"",
            "<Directory />",
            "    Require all denied",
            "</Directory>",
            "<Directory \"\(paths.documentRoot)\">",
            "    Require all granted",
            "</Directory>",
        ]
        for site in config.sites {
            lines.append("")
            lines.append("<VirtualHost \(address)>")
            lines.append("    ServerName \(site.hostname)")
            lines.append("    DocumentRoot \"\(paths.documentRoot)\"")
            lines.append("    DirectoryIndex \(paths.indexFileName)")
            lines.append("    SSLEngine on")
            lines.append("    SSLCertificateFile \"\(site.certificatePath)\"")
            lines.append("    SSLCertificateKeyFile \"\(site.keyPath)\"")
            lines.append("    SSLProtocol -all \(config.tlsProtocolNames.map { "+" + $0 }.joined(separator: " "))")
            if let trusted = config.trustedCertificatePath {
                lines.append("    SSLCACertificateFile \"\(trusted)\"")
            }
            lines.append("    SSLUseStapling \(onOff(config.stapling))")
            if config.stapling {
                if let responder = config.responderURL {
                    lines.append("    SSLStaplingForceURL \"\(responder)\"")
                }
                if let timeout = config.responderTimeout {
                    lines.append("    SSLStaplingResponderTimeout \(wholeSeconds(timeout))")
                }
                lines.append("    SSLStaplingReturnResponderErrors \(onOff(config.returnResponderErrors))")
                if let timeout = config.errorCacheTimeout {
                    lines.append("    SSLStaplingErrorCacheTimeout \(wholeSeconds(timeout))")
                }
                if let timeout = config.standardCacheTimeout {
                    lines.append("    SSLStaplingStandardCacheTimeout \(wholeSeconds(timeout))")
                }
                if config.verify {
                    lines.append("    # verify: mod_ssl has no switch for it and never checks the response's signature")
                }
            }
            lines.append("</VirtualHost>")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The arguments that run Apache in the foreground with this configuration.
    public static func runArguments(_ paths: ExternalServerPaths) -> [String] {
        ["-f", paths.configFile, "-DFOREGROUND"]
    }

    /// The arguments that check the configuration (`apache2 -t`).
    public static func checkArguments(_ paths: ExternalServerPaths) -> [String] {
        ["-t", "-f", paths.configFile]
    }

    /// The environment Debian's apache2 expects (its `envvars`), pointed into the working folder.
    public static func environment(_ config: ExternalServerConfig) -> [String: String] {
        let paths = config.paths
        return [
            "APACHE_RUN_USER": config.user,
            "APACHE_RUN_GROUP": config.group,
            "APACHE_PID_FILE": paths.pidFile,
            "APACHE_RUN_DIR": paths.run,
            "APACHE_LOCK_DIR": paths.run,
            "APACHE_LOG_DIR": paths.logs,
            "LANG": "C",
        ]
    }

    /// Apache takes these timeouts in whole seconds: rounded up, at least 1.
    static func wholeSeconds(_ delay: Delay) -> Int { max(1, Int(delay.seconds.rounded(.up))) }

    private static func onOff(_ value: Bool) -> String { value ? "on" : "off" }
}
