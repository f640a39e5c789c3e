import Testing
@testable import StapleTLS

@Test func StapleTLSBuilds() {}
