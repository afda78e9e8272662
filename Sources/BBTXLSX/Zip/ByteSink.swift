#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where finished bytes go. The ZIP writer patches each entry's local header once its sizes are
/// known, which keeps the output free of data descriptors (the most widely readable ZIP form)
/// without holding an entry in memory.
public protocol ByteSink {
    /// Bytes written so far.
    var offset: Int { get }
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Overwrites bytes already written at `offset`.
    mutating func patch(_ bytes: [UInt8], at offset: Int) throws
}

extension ByteSink {
    public mutating func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in try write(raw) }
    }
}

/// Collects the file in memory (for HTTP responses and tests).
public struct MemorySink: ByteSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public var offset: Int { bytes.count }

    public mutating func write(_ raw: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: raw)
    }

    public mutating func patch(_ patch: [UInt8], at offset: Int) throws {
        bytes.replaceSubrange(offset..<(offset + patch.count), with: patch)
    }
}

/// Writes straight to a file through C stdio's buffer.
public final class FileSink: ByteSink {
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    public private(set) var offset = 0

    public init(path: String) throws {
        guard let f = fopen(path, "wb") else {
            throw XLSXError("无法写入 \(path): \(String(cString: strerror(errno)))")
        }
        file = f
        self.path = path
        setvbuf(f, nil, _IOFBF, 1 << 18)
    }

    deinit { fclose(file) }

    public func write(_ raw: UnsafeRawBufferPointer) throws {
        guard raw.count > 0 else { return }
        guard fwrite(raw.baseAddress, 1, raw.count, file) == raw.count else {
            throw XLSXError("写入 \(path) 失败: \(String(cString: strerror(errno)))")
        }
        offset += raw.count
    }

    public func patch(_ bytes: [UInt8], at position: Int) throws {
        guard fseeko(file, off_t(position), SEEK_SET) == 0,
              bytes.withUnsafeBytes({ fwrite($0.baseAddress, 1, $0.count, file) }) == bytes.count,
              fseeko(file, 0, SEEK_END) == 0 else {
            throw XLSXError("写入 \(path) 失败: \(String(cString: strerror(errno)))")
        }
    }

    /// Flushes and closes; errors that stdio kept until now surface here.
    public func close() throws {
        guard fflush(file) == 0 else { throw XLSXError("写入 \(path) 失败: \(String(cString: strerror(errno)))") }
    }
}

public struct XLSXError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
