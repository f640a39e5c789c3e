/// The kind of a ``FileWriteError``, stable across releases.
public enum FileWriteFailure: String, Hashable, Sendable {
    /// A folder on the way to the file could not be made.
    case folderCreationFailed = "folder-creation-failed"
    /// The file could not be written, flushed or renamed into place.
    case writeFailed = "write-failed"
}
