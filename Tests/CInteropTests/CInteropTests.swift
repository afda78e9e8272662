import CLibXML2
import CZlib
import Foundation
import Testing

/// The system library targets must compile next to Foundation (the ICU clash) and reach the C code.
@Suite struct CInteropTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        let bytes = Array("123456789".utf8)
        let crc = bytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        #expect(crc == 0xCBF4_3926)
    }

    @Test func rawDeflateRoundTrips() throws {
        let input = Array(String(repeating: "常住人口,户数,党员人数;", count: 200).utf8)
        var stream = z_stream()
        #expect(bbt_deflateInit2(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK)
        var out = [UInt8](repeating: 0, count: input.count + 64)
        var inputCopy = input
        let produced: Int = inputCopy.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress
                stream.avail_out = uInt(outBuf.count)
                let rc = deflate(&stream, Z_FINISH)
                precondition(rc == Z_STREAM_END)
                return outBuf.count - Int(stream.avail_out)
            }
        }
        deflateEnd(&stream)
        #expect(produced < input.count / 10)

        var inflater = z_stream()
        #expect(bbt_inflateInit2(&inflater, -15) == Z_OK)
        var back = [UInt8](repeating: 0, count: input.count)
        var compressed = Array(out[0..<produced])
        let rc: Int32 = compressed.withUnsafeMutableBufferPointer { inBuf in
            back.withUnsafeMutableBufferPointer { outBuf in
                inflater.next_in = inBuf.baseAddress
                inflater.avail_in = uInt(inBuf.count)
                inflater.next_out = outBuf.baseAddress
                inflater.avail_out = uInt(outBuf.count)
                return inflate(&inflater, Z_FINISH)
            }
        }
        inflateEnd(&inflater)
        #expect(rc == Z_STREAM_END)
        #expect(back == input)
    }

    @Test func libxml2ParsesWithoutNetworkOrEntities() throws {
        let xml = #"<?xml version="1.0" encoding="UTF-8"?><report xmlns="urn:baobiaotong:report:1" id="R01"/>"#
        let doc = xml.withCString { xmlReadMemory($0, Int32(strlen($0)), "in.xml", "UTF-8", Int32(XML_PARSE_NONET.rawValue)) }
        #expect(doc != nil)
        let root = xmlDocGetRootElement(doc)
        let name = root.map { String(cString: $0.pointee.name) }
        #expect(name == "report")
        let id = xmlGetProp(root, "id")
        #expect(id.map { String(cString: $0) } == "R01")
        bbt_xmlFree(id)
        xmlFreeDoc(doc)
    }
}
