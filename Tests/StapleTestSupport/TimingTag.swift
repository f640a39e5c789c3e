import Testing

extension Tag {
    /// Real-socket accuracy tests: they measure wall time, with lower bounds that fail if a delay
    /// was not applied and upper bounds generous enough for a loaded 2-core machine.
    @Tag public static var timing: Self
}
