#if canImport(Glibc)
// @preconcurrency: `stdout` is a C global; it is touched once, before any task runs.
@preconcurrency import Glibc
#endif

/// The process's standard output stream.
enum StandardOutput {
    /// Makes standard output line-buffered even when it is a file or a pipe (C's default there is
    /// a 4 KiB block), so that `serve`'s log and a run's tables appear as they are printed.
    static func lineBuffered() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }
}
