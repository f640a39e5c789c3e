import Testing
@testable import StapleLinks

@Suite struct DERReaderTests {
    @Test func readsShortAndLongLengths() throws {
        var reader = DERReader([0x02, 0x01, 0x05, 0x04, 0x81, 0x80] + Array(repeating: 0xAA, count: 128))
        let integer = try reader.read(tag: DERElement.integer)
        #expect(Array(integer.content) == [5])
        let octets = try reader.read(tag: DERElement.octetString)
        #expect(octets.content.count == 128)
        #expect(reader.isAtEnd)
    }

    @Test func rejectsWhatIsNotDER() {
        var truncated = DERReader([0x30, 0x05, 0x02, 0x01])
        #expect(throws: DERError.truncated(at: 0)) { try truncated.read() }
        var indefinite = DERReader([0x30, 0x80, 0x00, 0x00])
        #expect(throws: DERError.indefiniteLength(at: 0)) { try indefinite.read() }
        var huge = DERReader([0x04, 0x85, 1, 2, 3, 4, 5])
        #expect(throws: DERError.lengthTooLong(at: 0)) { try huge.read() }
        var wrong = DERReader([0x02, 0x01, 0x00])
        #expect(throws: DERError.unexpectedTag(expected: 0x30, found: 0x02, at: 0)) { try wrong.read(tag: 0x30) }
        var highTag = DERReader([0x1F, 0x81, 0x00])
        #expect(throws: DERError.highTagNumber(at: 0)) { try highTag.read() }
    }

    @Test func sizeOfAnElementFromItsHeader() {
        #expect(DERReader.elementSize(atStartOf: [0x30, 0x03]) == 5)
        #expect(DERReader.elementSize(atStartOf: [0x30, 0x82, 0x01, 0x00]) == 260)
        #expect(DERReader.elementSize(atStartOf: [0x30, 0x82, 0x01]) == nil)
        #expect(DERReader.elementSize(atStartOf: [0x30]) == nil)
    }
}
