import StapleCore
/// Finds the real server programs and the files their Debian packages install.
public enum ExternalProgram {
    /// The path of `kind`'s executable in the first folder of `searchPath` that has it.
    public static func locate(_ kind: ExternalServerKind,
                              searchPath: [String] = ExternalServerConfig.defaultSearchPath) throws(ExternalServerError) -> String {
        for folder in searchPath {
            let path = (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/" + kind.programName
            if ExternalFiles.isExecutable(path) { return path }
        }
        throw .programMissing(kind: kind, searched: searchPath)
    }

    /// Whether `kind` is installed, with everything the config writers load (Apache's modules).
    public static func isInstalled(_ kind: ExternalServerKind,
                                   searchPath: [String] = ExternalServerConfig.defaultSearchPath,
                                   apacheModules: String = ExternalServerConfig.debianApacheModules) -> Bool {
        do {
            _ = try locate(kind, searchPath: searchPath)
            try checkPackageFiles(kind, apacheModules: apacheModules)
            return true
        } catch {
            return false
        }
    }

    /// Throws ``ExternalServerError/packageFileMissing(kind:path:)`` for the first file the
    /// configuration needs from the package that is not there.
    static func checkPackageFiles(_ kind: ExternalServerKind, apacheModules: String) throws(ExternalServerError) {
        guard kind == .apache else { return }
        for module in ApacheConfigWriter.modules {
            let path = "\(apacheModules)/\(module.file)"
            if !ExternalFiles.exists(path) { throw .packageFileMissing(kind: kind, path: path) }
        }
    }
}
