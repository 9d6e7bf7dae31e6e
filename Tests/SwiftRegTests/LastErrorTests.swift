// The storage behind sr_last_error(): one buffer per thread holding a NUL-terminated UTF-8
// message of at most 511 bytes. Today's messages are ASCII; these tests pin what happens to
// non-ASCII text and to messages longer than the buffer.

@testable import SwiftReg
import Testing

/// Sets this thread's message through the internal API and reads it back as C bytes.
func roundTrip(_ message: String) -> [UInt8] {
    onNewThread { () -> [UInt8] in
        LastError.set(message)
        let p = SwiftReg.sr_last_error()
        var bytes: [UInt8] = []
        var i = 0
        while p[i] != 0 { bytes.append(UInt8(bitPattern: p[i])); i += 1 }
        return bytes
    }
}

@Suite("Last-error storage")
struct LastErrorTests {
    @Test("an ASCII message is stored as is; one longer than the buffer is cut to 511 bytes")
    func ascii() {
        #expect(roundTrip("lam must be finite and >= 0, got -1.0") == Array("lam must be finite and >= 0, got -1.0".utf8))
        let long = String(repeating: "abcdefghij", count: 60)
        #expect(roundTrip(long) == Array(long.utf8.prefix(511)))
        #expect(roundTrip("") == [])
    }

    @Test("a message that ends with a multi-byte character keeps it")
    func finalMultiByteCharacter() {
        let message = "delta must be finite and > 0, got δ"
        #expect(roundTrip(message) == Array(message.utf8))
    }

    @Test("a long non-ASCII message is cut at a character boundary, leaving valid UTF-8")
    func truncationAtCharacterBoundary() {
        let message = String(repeating: "é", count: 300)  // 600 bytes
        let bytes = roundTrip(message)
        #expect(bytes.count <= 511)
        #expect(String(validating: bytes, as: UTF8.self) != nil, "last bytes: \(bytes.suffix(4))")
        #expect(bytes == Array(message.utf8.prefix(510)))
    }
}
