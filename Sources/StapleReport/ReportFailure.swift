/// The kind of a ``ReportError``, stable across releases.
public enum ReportFailure: String, Hashable, Sendable {
    /// A value could not be encoded (JSON).
    case encodingFailed = "encoding-failed"
    /// CSV text was not valid RFC 4180.
    case malformedCSV = "malformed-csv"
    /// Mermaid text was outside the supported `sequenceDiagram` subset.
    case malformedDiagram = "malformed-diagram"
}
