import ArgumentParser

/// `staplebench serve`: one actor alone (filled in with the actors' standalone mode).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run one actor alone (responder, server or resolver) with flags for its levers.")
}
