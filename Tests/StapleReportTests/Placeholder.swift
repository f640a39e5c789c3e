import Testing
@testable import StapleReport

@Test func StapleReportBuilds() {}
