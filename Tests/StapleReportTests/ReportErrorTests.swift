import StapleCore
import Testing
@testable import StapleReport

/// ReportError is StapleCore's coded-error shape with StapleReport's codes: the same equality by
/// code, the same message text, and a different type from a file-writing failure.
@Suite struct ReportErrorTests {
    @Test func isTheSharedShapeWithItsStableCodes() {
        #expect(ReportError.self == CodedError<ReportFailure>.self)
        #expect([ReportFailure.encodingFailed, .malformedCSV, .malformedDiagram].map(\.rawValue)
                == ["encoding-failed", "malformed-csv", "malformed-diagram"])
    }

    @Test func comparesByCodeAndDescribesItselfByTheMessage() throws {
        let error = try #require(throws: ReportError.self) { try CSVReader.table(from: "", source: "empty.csv") }
        #expect(error == ReportError(.malformedCSV, "any words"))
        #expect(error != ReportError(.malformedDiagram, "empty.csv: empty; expected a header row"))
        #expect(String(describing: error) == "empty.csv: empty; expected a header row")
    }

    @Test func aFileWriteFailureIsNotAReportError() throws {
        let error: any Error = FileWriteError(.writeFailed, "cannot write 'x'")
        #expect(!(error is ReportError))
        #expect(error is FileWriteError)
    }
}
