import StapleCore

extension EventKind {
    /// A real browser's own Navigation Timing entry for the visit (detail: its JSON, as the page reported it).
    public static let navigationTiming = EventKind("browser.navigation-timing")
}
