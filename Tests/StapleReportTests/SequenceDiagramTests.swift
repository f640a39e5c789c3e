import Foundation
import Testing
@testable import StapleReport

@Suite struct SequenceDiagramTests {
    static let alice = SequenceDiagramParticipant(alias: "Alice", label: "Alice's Browser")
    static let responder = SequenceDiagramParticipant(alias: "OCSP_Server", label: "OCSP Responder")
    static let server = SequenceDiagramParticipant(alias: "example.com", label: "example.com Server")

    /// The explainer's classic OCSP diagram as a model.
    static let classic = SequenceDiagram(participants: [alice, responder, server], steps: [
        .message(from: "Alice", to: "example.com", text: "TLS Handshake (ClientHello)"),
        .message(from: "example.com", to: "Alice", text: "Sends its certificate"),
        .message(from: "Alice", to: "OCSP_Server", text: "Asks for OCSP status of example.com's cert"),
        .message(from: "OCSP_Server", to: "Alice", text: "Sends OCSP response (Signed, Valid)"),
        .message(from: "Alice", to: "Alice", text: "Validates OCSP response"),
        .message(from: "Alice", to: "example.com", text: "Completes TLS Handshake and sends HTTP request"),
    ])

    /// The explainer's stapling diagram as a model.
    static let stapled = SequenceDiagram(participants: [alice, server], steps: [
        .message(from: "Alice", to: "example.com", text: "TLS Handshake (ClientHello)"),
        .message(from: "example.com", to: "example.com", text: "Fetches a recent OCSP response for its own cert"),
        .message(from: "example.com", to: "Alice", text: "Sends its certificate AND the stapled OCSP response"),
        .message(from: "Alice", to: "Alice", text: "Validates OCSP response directly from example.com"),
        .message(from: "Alice", to: "example.com", text: "Completes TLS Handshake and sends HTTP request"),
    ])

    @Test(arguments: [("explainer-classic.mmd", classic), ("explainer-stapled.mmd", stapled)])
    func rendersTheExplainersDiagramsExactly(file: String, model: SequenceDiagram) throws {
        #expect(model.mermaid == (try Golden.text(file)))
    }

    @Test(arguments: [("explainer-classic.mmd", classic), ("explainer-stapled.mmd", stapled)])
    func parsesTheExplainersDiagramsBack(file: String, model: SequenceDiagram) throws {
        let parsed = try SequenceDiagram(mermaid: try Golden.text(file), source: file)
        #expect(parsed == model)
        #expect(parsed.participants.map(\.label).first == "Alice's Browser")
    }

    static let explainer = "/work/shared/seed/ocsp-stapling-explainer.txt"

    @Test(.enabled(if: FileManager.default.fileExists(atPath: explainer), "the explainer is only on the project's machines"))
    func explainerCopiesMatchTheSourceDocument() throws {
        let document = try String(contentsOfFile: Self.explainer, encoding: .utf8)
        for file in ["explainer-classic.mmd", "explainer-stapled.mmd"] {
            let golden = try Golden.text(file)
            #expect(document.contains(golden), "\(file) is no longer an exact copy of the explainer's diagram")
        }
    }

    @Test func notesAndUnsafeTextRoundTrip() throws {
        let diagram = SequenceDiagram(participants: [Self.alice, Self.server], steps: [
            .note(over: ["Alice", "example.com"], text: "TCP 20.5 ms; TLS 31.0 ms"),
            .message(from: "example.com", to: "Alice", text: "no staple #1\nsoft-fail"),
            .note(over: ["Alice"], text: "ttfb: 52.4 ms"),
        ])
        let text = diagram.mermaid
        #expect(text == """
            sequenceDiagram
                participant Alice as Alice's Browser
                participant example.com as example.com Server

                Note over Alice,example.com: TCP 20.5 ms#59; TLS 31.0 ms
                example.com->>Alice: no staple #35;1<br/>soft-fail
                Note over Alice: ttfb: 52.4 ms

            """)
        #expect(try SequenceDiagram(mermaid: text) == diagram)
        #expect(diagram.messages.map(\.text) == ["no staple #1\nsoft-fail"])
    }

    @Test func escapingIsOneToOne() {
        for text in ["a;b", "#59;", "x#y", "line\r\nbreak", "ünï;#", "<br/>"] {
            let escaped = MermaidText.escape(text)
            let bare = escaped.replacingOccurrences(of: "#[0-9]+;", with: "", options: .regularExpression)
            #expect(!bare.contains(";") && !bare.contains("#"))
            #expect(!escaped.contains("\n"))
            if text != "<br/>" && text != "line\r\nbreak" { #expect(MermaidText.unescape(escaped) == text) }
        }
        #expect(MermaidText.escape("a;b#c") == "a#59;b#35;c")
        #expect(MermaidText.unescape("line\r\nbreak".replacingOccurrences(of: "\r\n", with: "<br/>")) == "line\nbreak")
    }

    @Test func aliasesAreMermaidSafe() {
        #expect(MermaidText.alias("OCSP Server") == "OCSP_Server")
        #expect(MermaidText.alias("example.com") == "example.com")
        #expect(MermaidText.alias("bank-test:443") == "bank_test_443")
        #expect(MermaidText.alias("bücher") == "b_cher")
        #expect(MermaidText.alias("") == "_")
    }

    @Test func participantWithoutLabel() throws {
        let diagram = SequenceDiagram(participants: [SequenceDiagramParticipant(alias: "Bob")],
                                      steps: [.message(from: "Bob", to: "Bob", text: "")])
        #expect(diagram.mermaid == "sequenceDiagram\n    participant Bob\n\n    Bob->>Bob: \n")
        #expect(try SequenceDiagram(mermaid: diagram.mermaid) == diagram)
    }

    @Test func parserNamesTheBadLine() throws {
        let missing = try #require(throws: ReportError.self) { try SequenceDiagram(mermaid: "graph TD\n", source: "c.mmd") }
        #expect(missing.message == "c.mmd:1: expected 'sequenceDiagram' first: \"graph TD\"")
        let arrow = try #require(throws: ReportError.self) {
            try SequenceDiagram(mermaid: "sequenceDiagram\n    participant A\n\n    A-->B: dashed\n", source: "c.mmd")
        }
        #expect(arrow.code == .malformedDiagram)
        #expect(arrow.message.hasPrefix("c.mmd:4: not a participant, message"))
        let noText = try #require(throws: ReportError.self) { try SequenceDiagram(mermaid: "sequenceDiagram\nA->>B\n") }
        #expect(noText.message.hasPrefix("diagram:2: a message needs ': text'"))
        let empty = try #require(throws: ReportError.self) { try SequenceDiagram(mermaid: "\n%% nothing\n") }
        #expect(empty.message == "diagram: empty; expected a line 'sequenceDiagram'")
    }

    @Test func crlfLineEndingsParseTheSame() throws {
        let text = try Golden.text("explainer-stapled.mmd").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try SequenceDiagram(mermaid: text) == Self.stapled)
    }

    @Test func structuralComparisonSeesAReorderedMessage() throws {
        var swapped = Self.classic
        swapped.steps.swapAt(2, 3)
        #expect(try SequenceDiagram(mermaid: try Golden.text("explainer-classic.mmd")) != swapped)
    }
}
