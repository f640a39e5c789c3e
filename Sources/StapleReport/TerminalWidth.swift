#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How wide the terminal is, for fitting tables and the privacy lines.
///
/// In order: `COLUMNS` when it is a whole number of at least 20 (so a user or a test can ask for a
/// width); else the terminal's own width (`ioctl(TIOCGWINSZ)` on standard output) when standard
/// output is a terminal; else 80 (a pipe or a file gets the classic width).
public enum TerminalWidth {
    /// The width used when nothing says otherwise.
    public static let fallback = 80

    /// The width for this process's standard output.
    public static func current(environment: [String: String]) -> Int {
        resolve(columnsVariable: environment["COLUMNS"], terminalColumns: terminalColumns())
    }

    /// The rule above, given the `COLUMNS` text and the terminal's width (if any).
    public static func resolve(columnsVariable: String?, terminalColumns: Int?) -> Int {
        if let text = columnsVariable, let value = Int(text), value >= 20 {
            return value
        }
        if let terminalColumns, terminalColumns >= 20 { return terminalColumns }
        return fallback
    }

    /// Standard output's terminal width, or `nil` when it is not a terminal.
    static func terminalColumns() -> Int? {
        #if canImport(Glibc) || canImport(Darwin)
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
        #else
        return nil
        #endif
    }
}
