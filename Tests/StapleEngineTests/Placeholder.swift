import Testing
@testable import StapleEngine

@Test func StapleEngineBuilds() {}
