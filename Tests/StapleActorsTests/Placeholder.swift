import Testing
@testable import StapleActors

@Test func StapleActorsBuilds() {}
