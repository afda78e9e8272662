import BBTEngine
import Foundation
import Hummingbird
import NIOCore

// The API's answers as HTTP: JSON in the contract's key order, files as downloads; never cached.

/// An answer of the API's contract (`BBTAPI`), in its declared key order.
func jsonResponse(_ answer: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    jsonResponse(try JSONValueEncoder().encode(answer), status: status)
}

func jsonResponse(_ json: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
    var buffer = ByteBuffer()
    buffer.writeBytes(json.bytes())
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                    body: .init(byteBuffer: buffer))
}

/// A file to download under `name` (percent-encoded for any browser, `filename*` for Chinese names).
func fileResponse(_ bytes: [UInt8], type: String, name: String) -> Response {
    var buffer = ByteBuffer()
    buffer.writeBytes(bytes)
    let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "report"
    return Response(status: .ok, headers: [
        .contentType: type,
        .contentDisposition: "attachment; filename=\"\(encoded)\"; filename*=UTF-8''\(encoded)",
        .cacheControl: "no-store",
    ], body: .init(byteBuffer: buffer))
}
