import Testing

extension Tag {
    /// Real-socket accuracy tests: they measure wall time, with lower bounds that fail if a delay
    /// was not applied. An upper bound only sits at least halfway to the wrong answer (the delay
    /// applied twice, a second round trip) and holds on one of several fresh attempts: a busy
    /// machine adds time to some attempts, never removes a delay. Tests without the tag bound no
    /// wall time from above: they assert orders, counts and structural facts, or drive the time.
    @Tag public static var timing: Self
}
