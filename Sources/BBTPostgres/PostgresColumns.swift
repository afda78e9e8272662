import BBTEngine
import BBTTemplates
import NIOCore
import PostgresNIO

// Moments, months and periods travel as TEXT (`2023-07-03T01:30:00Z`, `2024-12`, `2024Q2`), the
// columns' type, which sorts as they do. Decoding text that is not one fails the query with
// PostgresNIO's decoding error rather than passing a malformed value on.

/// A value stored as its text form.
protocol TextColumn: PostgresNonThrowingEncodable, PostgresDecodable, CustomStringConvertible {
    init?(_ text: String)
}

extension TextColumn {
    public static var psqlType: PostgresDataType { .text }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer,
                                                         context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeString(description)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
                                                  context: PostgresDecodingContext<JSONDecoder>) throws {
        guard let value = Self(try String(from: &buffer, type: type, format: format, context: context)) else {
            throw PostgresDecodingError.Code.failure
        }
        self = value
    }
}

extension Instant: TextColumn {}
extension Month: TextColumn {}
extension Period: TextColumn {}
