/// An error from ``AtomicFile``: what could not be written, where, why (the OS's reason), and
/// what to do; its code a ``FileWriteFailure``.
public typealias FileWriteError = CodedError<FileWriteFailure>
