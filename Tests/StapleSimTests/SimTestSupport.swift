import Foundation
import StapleEngine
@testable import StapleSim

/// Loading the shipped scenarios and simulating them.
enum SimTestSupport {
    /// The package's root folder.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `Scenarios/NAME.yaml`.
    static func shipped(_ name: String) throws -> Scenario {
        try ScenarioLoader.load(path: packageRoot.appendingPathComponent("Scenarios/\(name).yaml").path)
    }

    /// The scenario's own workload, replayed.
    static func replay(_ scenario: Scenario) -> SimulationResult {
        Simulator(scenario: scenario, population: nil).run()
    }

    /// (sweep point, mode) → responder requests.
    static func requests(_ result: SimulationResult) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: result.parts.map { ("\($0.label)|\($0.mode.rawValue)", $0.origin.totalRequests) })
    }
}
