import Testing
@testable import StaplePKI

@Test func StaplePKIBuilds() {}
