import Testing
@testable import StapleLinks

@Test func StapleLinksBuilds() {}
