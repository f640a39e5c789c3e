/// The built-in server's default times, as nginx and Apache have them: what `ServerConfig`
/// starts with, what a scenario's `server` section defaults to, and what StapleSim's simulator
/// assumes, from one place.
public enum ServerDefaults {
    /// How long a `lazy` background fetch or a `proactive` fetch may take (nginx: 60 s; a network time).
    public static let fetchTimeout = Delay.seconds(60)
    /// How long a `blocking` handshake waits for the responder (Apache `SSLStaplingResponderTimeout`: 10 s).
    public static let responderTimeout = Delay.seconds(10)
    /// `lazy`: no new fetch this long after a failed one (nginx: 300 s of scenario time).
    public static let retryAfterFailure = Delay.seconds(300)
    /// The clock skew allowed when checking a response's dates (300 s of scenario time).
    public static let skew = Delay.seconds(300)
}
