import Testing
@testable import StapleCore

/// The one coded-error shape: ``FileWriteError`` is it with ``FileWriteFailure``; equality and
/// hashing read the code only, the text a person (and the CLI's "Error: …" line) sees is the message.
@Suite struct CodedErrorTests {
    @Test func equalityAndHashingReadTheCodeOnly() {
        let one = FileWriteError(.writeFailed, "cannot write 'a': rename: Is a directory")
        let other = FileWriteError(.writeFailed, "cannot write 'b': open: Permission denied")
        let folder = FileWriteError(.folderCreationFailed, "cannot write 'a': cannot create folder 'x'")
        #expect(one == other)
        #expect(one != folder)
        #expect(Set([one, other, folder]).map(\.code).sorted { $0.rawValue < $1.rawValue } == [.folderCreationFailed, .writeFailed])
    }

    @Test func theMessageIsTheDescriptionWordForWord() {
        let error = FileWriteError(.writeFailed, "cannot write '/x': the path names a folder, not a file")
        #expect(error.description == "cannot write '/x': the path names a folder, not a file")
        #expect(String(describing: error) == error.message)
        #expect("\(error)" == error.message)
    }

    @Test func fileWriteErrorIsTheSharedShapeWithItsStableCodes() {
        #expect(FileWriteError.self == CodedError<FileWriteFailure>.self)
        #expect(FileWriteFailure.folderCreationFailed.rawValue == "folder-creation-failed")
        #expect(FileWriteFailure.writeFailed.rawValue == "write-failed")
    }

    @Test func anErrorOfOtherCodesIsAnotherType() {
        enum OtherFailure: Hashable, Sendable { case broken }
        let error: any Error = CodedError(OtherFailure.broken, "broken")
        #expect(error is CodedError<OtherFailure>)
        #expect(!(error is FileWriteError))
    }
}
