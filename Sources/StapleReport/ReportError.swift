import StapleCore

/// An error from encoding or reading a report file (writing one fails with StapleCore's
/// `FileWriteError`): what went wrong, where, and how to fix it; its code a ``ReportFailure``.
/// The same shape as every coded error (StapleCore's `CodedError`): equality compares the code only.
public typealias ReportError = CodedError<ReportFailure>
