import ArgumentParser

/// `staplebench bench`: figures that prove the numbers.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Print figures: handshakes per second, fidelity of the delay model, scale.")
}
