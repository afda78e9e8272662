/// Field ids to catalog indices, looked up by the raw bytes of a JSON key: no `String` is built and
/// no SipHash computed for the 198 keys of each of 3,000 form files. FNV-1a over the bytes, open
/// addressing with linear probing in a table at most half full.
struct FieldKeys: Sendable {
    private let bytes: [UInt8]
    /// Per slot: the key's range in `bytes` and its field index; `-1` marks an empty slot.
    private let slots: [(start: Int32, end: Int32, field: Int32)]
    private let mask: Int

    init(_ ids: [String]) {
        var capacity = 16
        while capacity < ids.count * 2 { capacity *= 2 }
        var bytes: [UInt8] = []
        var slots = [(start: Int32, end: Int32, field: Int32)](repeating: (0, 0, -1), count: capacity)
        let mask = capacity - 1
        for (field, id) in ids.enumerated() {
            let start = bytes.count
            bytes.append(contentsOf: id.utf8)
            var i = Int(truncatingIfNeeded: FieldKeys.hash(bytes[start...].makeIterator())) & mask
            while slots[i].field >= 0 {
                if bytes[Int(slots[i].start)..<Int(slots[i].end)].elementsEqual(bytes[start...]) { break }  // first wins
                i = (i + 1) & mask
            }
            if slots[i].field < 0 { slots[i] = (Int32(start), Int32(bytes.count), Int32(field)) }
        }
        self.bytes = bytes
        self.slots = slots
        self.mask = mask
    }

    func index(of key: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var i = Int(truncatingIfNeeded: FieldKeys.hash(key.makeIterator())) & mask
        while true {
            let slot = slots[i]
            if slot.field < 0 { return nil }
            if Int(slot.end - slot.start) == key.count,
               bytes[Int(slot.start)..<Int(slot.end)].elementsEqual(key) { return Int(slot.field) }
            i = (i + 1) & mask
        }
    }

    private static func hash(_ key: some IteratorProtocol<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var key = key
        while let b = key.next() {
            h ^= UInt64(b)
            h &*= 0x100_0000_01b3
        }
        return h
    }
}
