import StapleCore
/// Where a real server's files live inside its private working folder.
///
/// Nothing the server writes goes elsewhere: configuration, pid file, logs, lock and
/// shared-memory files, temp folders and Apache's document root all sit under `root`,
/// so two servers (or a server and the distribution's own service) never share a file.
public struct ExternalServerPaths: Hashable, Sendable {
    /// The working folder (absolute).
    public let root: String
    /// Which server.
    public let kind: ExternalServerKind

    /// The layout for `kind` in `root`.
    public init(root: String, kind: ExternalServerKind) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.kind = kind
    }

    /// The configuration file StapleBench writes.
    public var configFile: String { "\(root)/\(kind.configFileName)" }
    /// The pid file the server writes (the master's or parent's PID).
    public var pidFile: String { "\(root)/\(kind.programName).pid" }
    /// The logs folder.
    public var logs: String { "\(root)/logs" }
    /// The server's error log.
    public var errorLog: String { "\(logs)/error.log" }
    /// The server's access log.
    public var accessLog: String { "\(logs)/access.log" }
    /// Where the server's standard output and error go.
    public var outputLog: String { "\(logs)/output.log" }
    /// Where the configuration check (`-t`) writes its output.
    public var checkLog: String { "\(logs)/check.log" }
    /// Runtime files: nginx's lock file; Apache's DefaultRuntimeDir, mutexes, scoreboard and caches.
    public var run: String { "\(root)/run" }
    /// nginx's temp folders' parent.
    public var temp: String { "\(root)/tmp" }
    /// Apache's document root (one small file answers every request).
    public var documentRoot: String { "\(root)/htdocs" }
    /// The file Apache answers with.
    public var indexFileName: String { "index.txt" }
    /// What the site answers.
    public static let body = "ok"

    /// The folders to create before the server starts.
    public var folders: [String] {
        switch kind {
        case .nginx: [root, logs, run, temp]
        case .apache: [root, logs, run, documentRoot]
        }
    }
}
