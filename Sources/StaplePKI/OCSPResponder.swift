internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The responder side of OCSP: parses requests and answers with signed BasicOCSPResponses
/// (or unsigned error statuses), as a CA's responder does.
///
/// It never answers "good" without signing: an error status carries no responseBytes at all.
public struct OCSPResponder: Sendable {
    /// What the responder answers for.
    public let authorities: [OCSPAuthority]
    /// The status to assert for a certificate the CA issued (by serial hex and logged name).
    public let status: @Sendable (_ serialHex: String, _ name: String) -> CertStatus

    /// Makes a responder.
    public init(authorities: [OCSPAuthority],
                status: @escaping @Sendable (_ serialHex: String, _ name: String) -> CertStatus) {
        self.authorities = authorities
        self.status = status
    }

    /// One certificate the responder answered about.
    public struct Answer: Hashable, Sendable {
        /// The serial asked about (hex).
        public var serialHex: String
        /// The name behind it (hostname), when this CA issued it.
        public var name: String?
        /// The asserted status.
        public var status: CertStatus
    }

    /// The outcome of handling one request.
    public struct Result: Sendable {
        /// The DER OCSPResponse to send.
        public var der: [UInt8]
        /// The overall response status.
        public var responseStatus: OCSPResponseStatus
        /// What was asked and answered (empty for error statuses, except unauthorized, which names the serials).
        public var answers: [Answer]
        /// Why the request was refused, for logs.
        public var problem: String?
    }

    /// Validity of the responses made: thisUpdate = now, nextUpdate = now + validity.
    public struct Timing: Sendable, Hashable {
        /// The responder's "now" (Unix seconds; from the scenario clock).
        public var now: Double
        /// nextUpdate − thisUpdate in seconds, or nil for no nextUpdate.
        public var validity: Double?
        /// How far back thisUpdate is set (to tolerate clients' clock skew), seconds.
        public var backdate: Double

        /// Makes a timing.
        public init(now: Double, validity: Double? = 7 * 86_400, backdate: Double = 0) {
            self.now = now
            self.validity = validity
            self.backdate = backdate
        }
    }

    /// Answers one DER request.
    public func respond(to requestDER: [UInt8], timing: Timing) -> Result {
        let request: OCSPRequest
        do {
            request = try OCSPRequest(der: requestDER)
        } catch {
            return Result(der: OCSPResponder.errorResponse(.malformedRequest), responseStatus: .malformedRequest,
                          answers: [], problem: error.description)
        }
        return respond(to: request, timing: timing)
    }

    /// Answers one parsed request.
    public func respond(to request: OCSPRequest, timing: Timing) -> Result {
        do {
            return try sign(request, timing: timing)
        } catch let error as OCSPResponder.Refusal {
            return Result(der: OCSPResponder.errorResponse(error.status), responseStatus: error.status,
                          answers: error.answers, problem: error.reason)
        } catch {
            return Result(der: OCSPResponder.errorResponse(.internalError), responseStatus: .internalError,
                          answers: [], problem: "\(error)")
        }
    }

    /// An unsigned OCSPResponse with an error status (no responseBytes).
    public static func errorResponse(_ status: OCSPResponseStatus) -> [UInt8] {
        precondition(status != .successful, "a successful response must be signed")
        // OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED } — 5 bytes, built by OpenSSL.
        guard let response = OCSP_response_create(Int32(status.rawValue), nil) else {
            return [0x30, 0x03, 0x0A, 0x01, UInt8(status.rawValue)]
        }
        defer { OCSP_RESPONSE_free(response) }
        return (try? BIOBytes.der({ i2d_OCSP_RESPONSE(response, $0) }, operation: "i2d_OCSP_RESPONSE"))
            ?? [0x30, 0x03, 0x0A, 0x01, UInt8(status.rawValue)]
    }

    private struct Refusal: Error {
        var status: OCSPResponseStatus
        var reason: String
        var answers: [Answer] = []
    }

    private func sign(_ request: OCSPRequest, timing: Timing) throws -> Result {
        let count = OCSP_request_onereq_count(request.pointer)
        // All CertIDs of one request must belong to one authority: one signer signs the response.
        var authority: OCSPAuthority?
        var ids: [OpaquePointer] = []
        var unauthorized: [Answer] = []
        for index in 0..<count {
            guard let one = OCSP_request_onereq_get0(request.pointer, index),
                  let id = OCSP_onereq_get0_id(one) else {
                throw Refusal(status: .malformedRequest, reason: "request entry \(index) has no CertID")
            }
            guard let match = authorities.first(where: { $0.matches(id) }) else {
                let info = CertIDInfo(id)
                unauthorized.append(Answer(serialHex: info?.serialHex ?? "?", name: nil, status: .unknown))
                continue
            }
            if let authority, authority.issuer !== match.issuer {
                throw Refusal(status: .malformedRequest, reason: "request mixes certificates of different issuers")
            }
            authority = match
            ids.append(id)
        }
        guard unauthorized.isEmpty, let authority else {
            throw Refusal(status: .unauthorized, reason: "this responder is not authoritative for the issuer asked about",
                          answers: unauthorized)
        }

        guard let basic = OCSP_BASICRESP_new() else { throw OpenSSLError("OCSP_BASICRESP_new") }
        defer { OCSP_BASICRESP_free(basic) }
        let thisUpdateTime = time_t(timing.now - timing.backdate)
        guard let thisUpdate = ASN1_GENERALIZEDTIME_set(nil, thisUpdateTime) else { throw OpenSSLError("ASN1_GENERALIZEDTIME_set") }
        defer { ASN1_STRING_free(thisUpdate) }
        var nextUpdate: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>? = nil
        if let validity = timing.validity {
            nextUpdate = ASN1_GENERALIZEDTIME_set(nil, time_t(timing.now + validity))
            if nextUpdate == nil { throw OpenSSLError("ASN1_GENERALIZEDTIME_set") }
        }
        defer { if let nextUpdate { ASN1_STRING_free(nextUpdate) } }

        var answers: [Answer] = []
        for id in ids {
            guard let info = CertIDInfo(id) else { throw Refusal(status: .malformedRequest, reason: "unreadable CertID") }
            let name = authority.issued[info.serialHex]
            let status: CertStatus = name.map { self.status(info.serialHex, $0) } ?? .unknown
            answers.append(Answer(serialHex: info.serialHex, name: name, status: status))
            var revocationTime: UnsafeMutablePointer<ASN1_GENERALIZEDTIME>? = nil
            defer { if let revocationTime { ASN1_STRING_free(revocationTime) } }
            let code: Int32
            var reason: Int32 = -1
            switch status {
            case .good:
                code = V_OCSP_CERTSTATUS_GOOD
            case .unknown:
                code = V_OCSP_CERTSTATUS_UNKNOWN
            case .revoked(let time, let why):
                code = V_OCSP_CERTSTATUS_REVOKED
                reason = why.map { Int32($0.rawValue) } ?? -1
                revocationTime = ASN1_GENERALIZEDTIME_set(nil, time_t(time))
            }
            guard OCSP_basic_add1_status(basic, id, code, reason, revocationTime, thisUpdate, nextUpdate) != nil else {
                throw OpenSSLError("OCSP_basic_add1_status")
            }
        }
        if request.nonce != nil {
            try check(OCSP_copy_nonce(basic, request.pointer) == 1, "OCSP_copy_nonce")
        }
        let flags = UInt(authority.includeSignerCertificate ? 0 : OCSP_NOCERTS)
        try check(OCSP_basic_sign(basic, authority.signer.certificate.pointer, authority.signer.key.pointer,
                                  EVP_sha256(), nil, flags) == 1, "OCSP_basic_sign")
        guard let response = OCSP_response_create(Int32(OCSP_RESPONSE_STATUS_SUCCESSFUL), basic) else {
            throw OpenSSLError("OCSP_response_create")
        }
        defer { OCSP_RESPONSE_free(response) }
        let der = try BIOBytes.der({ i2d_OCSP_RESPONSE(response, $0) }, operation: "i2d_OCSP_RESPONSE")
        return Result(der: der, responseStatus: .successful, answers: answers, problem: nil)
    }
}
