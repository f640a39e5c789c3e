import Testing
import StapleCore
@testable import StapleActors

/// Golden tests: the Apache httpd configuration written for given levers, byte for byte.
@Suite struct ApacheConfigWriterTests {
    /// Two sites, every lever set.
    static let full = ExternalServerConfig(
        kind: .apache, host: "127.0.0.20", port: 8443,
        sites: [.pki("/srv/pki", host: "example.com"), .pki("/srv/pki", host: "second.test")],
        responderURL: "http://127.0.0.30:8080/", trustedCertificatePath: "/srv/pki/ca.pem", workers: 2,
        resolver: "127.0.0.53:5353", responderTimeout: .milliseconds(2500), returnResponderErrors: false,
        errorCacheTimeout: .seconds(60), standardCacheTimeout: .seconds(3600),
        workingDirectory: "/srv/staplebench/apache")

    /// One site, stapling off, no optional lever.
    static let minimal = ExternalServerConfig(
        kind: .apache, host: "127.0.0.21", port: 443, sites: [.pki("/srv/pki", host: "example.com")],
        stapling: false, verify: false, workingDirectory: "/srv/a")

    @Test func everyLever() {
        #expect(ApacheConfigWriter.text(for: Self.full) == Self.fullGolden)
    }

    @Test func staplingOffAndNoOptionalLever() {
        let text = ApacheConfigWriter.text(for: Self.minimal)
        #expect(text == Self.minimalGolden)
        #expect(!text.contains("SSLStaplingForceURL"))
        #expect(!text.contains("SSLCACertificateFile"))
    }

    @Test func timeoutsAreWholeSecondsRoundedUpAndAtLeastOne() {
        #expect(ApacheConfigWriter.wholeSeconds(.milliseconds(2500)) == 3)
        #expect(ApacheConfigWriter.wholeSeconds(.milliseconds(10)) == 1)
        #expect(ApacheConfigWriter.wholeSeconds(.seconds(10)) == 10)
    }

    @Test func nginxOnlyLeversDoNotChangeTheApacheConfig() {
        var changed = Self.full
        changed.resolver = nil
        #expect(ApacheConfigWriter.text(for: changed) == ApacheConfigWriter.text(for: Self.full))
    }

    @Test func everyPathTheServerWritesIsInsideTheWorkingFolder() {
        let text = ApacheConfigWriter.text(for: Self.full)
        let written = ["ServerRoot", "PidFile", "DefaultRuntimeDir", "ScoreBoardFile", "Mutex", "ErrorLog", "CustomLog",
                       "SSLSessionCache", "SSLStaplingCache", "DocumentRoot"]
        for line in text.split(separator: "\n") where written.contains(where: { line.trimmingPrefixSpaces.hasPrefix($0) }) {
            #expect(line.contains("/srv/staplebench/apache"), "\(line)")
        }
        #expect(ApacheConfigWriter.runArguments(Self.full.paths) == ["-f", "/srv/staplebench/apache/apache2.conf", "-DFOREGROUND"])
        #expect(ApacheConfigWriter.environment(Self.full)["APACHE_RUN_DIR"] == "/srv/staplebench/apache/run")
    }

    static let fullGolden = #"""
        # StapleBench: a private Apache httpd for the server actor. Generated; edits are overwritten.
        ServerRoot "/srv/staplebench/apache"
        ServerName example.com
        LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
        LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
        LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
        LoadModule socache_shmcb_module /usr/lib/apache2/modules/mod_socache_shmcb.so
        LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
        User www-data
        Group www-data
        PidFile "/srv/staplebench/apache/apache2.pid"
        DefaultRuntimeDir "/srv/staplebench/apache/run"
        ScoreBoardFile "/srv/staplebench/apache/run/scoreboard"
        Mutex file:/srv/staplebench/apache/run default
        ErrorLog "/srv/staplebench/apache/logs/error.log"
        LogLevel notice
        LogFormat "%a %{SSL_TLS_SNI}x %>s \"%r\"" staplebench
        CustomLog "/srv/staplebench/apache/logs/access.log" staplebench
        KeepAlive Off
        Timeout 60
        StartServers 2
        ServerLimit 2
        ThreadsPerChild 25
        MaxRequestWorkers 50
        MinSpareThreads 1
        MaxSpareThreads 50
        Listen 127.0.0.20:8443 https
        SSLSessionCache "shmcb:/srv/staplebench/apache/run/sessions(512000)"
        SSLStaplingCache "shmcb:/srv/staplebench/apache/run/stapling(131072)"
        <Directory />
            Require all denied
        </Directory>
        <Directory "/srv/staplebench/apache/htdocs">
            Require all granted
        </Directory>

        <VirtualHost 127.0.0.20:8443>
            ServerName example.com
            DocumentRoot "/srv/staplebench/apache/htdocs"
            DirectoryIndex index.txt
            SSLEngine on
            SSLCertificateFile "/srv/pki/example.com.pem"
            SSLCertificateKeyFile "/srv/pki/example.com.key"
            SSLProtocol -all +TLSv1.2 +TLSv1.3
            SSLCACertificateFile "/srv/pki/ca.pem"
            SSLUseStapling on
            SSLStaplingForceURL "http://127.0.0.30:8080/"
            SSLStaplingResponderTimeout 3
            SSLStaplingReturnResponderErrors off
            SSLStaplingErrorCacheTimeout 60
            SSLStaplingStandardCacheTimeout 3600
            # verify: mod_ssl has no switch for it and never checks the response's signature
        </VirtualHost>

        <VirtualHost 127.0.0.20:8443>
            ServerName second.test
            DocumentRoot "/srv/staplebench/apache/htdocs"
            DirectoryIndex index.txt
            SSLEngine on
            SSLCertificateFile "/srv/pki/second.test.pem"
            SSLCertificateKeyFile "/srv/pki/second.test.key"
            SSLProtocol -all +TLSv1.2 +TLSv1.3
            SSLCACertificateFile "/srv/pki/ca.pem"
            SSLUseStapling on
            SSLStaplingForceURL "http://127.0.0.30:8080/"
            SSLStaplingResponderTimeout 3
            SSLStaplingReturnResponderErrors off
            SSLStaplingErrorCacheTimeout 60
            SSLStaplingStandardCacheTimeout 3600
            # verify: mod_ssl has no switch for it and never checks the response's signature
        </VirtualHost>

        """#

    static let minimalGolden = #"""
        # StapleBench: a private Apache httpd for the server actor. Generated; edits are overwritten.
        ServerRoot "/srv/a"
        ServerName example.com
        LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
        LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
        LoadModule dir_module /usr/lib/apache2/modules/mod_dir.so
        LoadModule socache_shmcb_module /usr/lib/apache2/modules/mod_socache_shmcb.so
        LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so
        User www-data
        Group www-data
        PidFile "/srv/a/apache2.pid"
        DefaultRuntimeDir "/srv/a/run"
        ScoreBoardFile "/srv/a/run/scoreboard"
        Mutex file:/srv/a/run default
        ErrorLog "/srv/a/logs/error.log"
        LogLevel notice
        LogFormat "%a %{SSL_TLS_SNI}x %>s \"%r\"" staplebench
        CustomLog "/srv/a/logs/access.log" staplebench
        KeepAlive Off
        Timeout 60
        StartServers 1
        ServerLimit 1
        ThreadsPerChild 25
        MaxRequestWorkers 25
        MinSpareThreads 1
        MaxSpareThreads 25
        Listen 127.0.0.21:443 https
        SSLSessionCache "shmcb:/srv/a/run/sessions(512000)"
        SSLStaplingCache "shmcb:/srv/a/run/stapling(131072)"
        <Directory />
            Require all denied
        </Directory>
        <Directory "/srv/a/htdocs">
            Require all granted
        </Directory>

        <VirtualHost 127.0.0.21:443>
            ServerName example.com
            DocumentRoot "/srv/a/htdocs"
            DirectoryIndex index.txt
            SSLEngine on
            SSLCertificateFile "/srv/pki/example.com.pem"
            SSLCertificateKeyFile "/srv/pki/example.com.key"
            SSLProtocol -all +TLSv1.2 +TLSv1.3
            SSLUseStapling off
        </VirtualHost>

        """#
}

extension Substring {
    /// The text without its leading spaces.
    var trimmingPrefixSpaces: Substring { drop(while: { $0 == " " }) }
}
