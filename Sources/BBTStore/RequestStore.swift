import BBTEngine
import BBTTemplates
import Foundation

/// Requests for a new report (报表准入), kept whole: what was filed, the draft, each step.
public protocol RequestStore: Sendable {
    /// Stores a new request with its audit row; its ID.
    func addRequest(_ r: StoredRequest, audit: AdminAuditEntry) async throws -> Int

    func request(id: Int) async throws -> StoredRequest?

    /// Every request, oldest first (a city files tens a year).
    func requests() async throws -> [StoredRequest]

    /// Replaces a request that is still `expected`, with its audit row; `false`, nothing changed, when
    /// another step (another server's decision, a revision) came first.
    func updateRequest(_ r: StoredRequest, expected: RequestStatus, audit: AdminAuditEntry) async throws -> Bool
}

/// A request as the stores keep it.
public typealias StoredRequest = AdmissionRequest

extension AdmissionRequest {
    /// The whole request as one JSON document: the drivers keep it in one column beside the few
    /// they select and compare on, so both store it the same way.
    public func document() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    public static func from(document: String) throws -> AdmissionRequest {
        try JSONDecoder().decode(AdmissionRequest.self, from: Data(document.utf8))
    }
}
