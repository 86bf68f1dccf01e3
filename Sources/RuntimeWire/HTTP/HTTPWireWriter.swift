/// Helpers shared by the head serialisers.
enum HTTPWireWriter {
    /// Appends the UTF-8 of `text`, replacing CR, LF and NUL by spaces so that no field can
    /// inject a line.
    static func appendSafe(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            out.append(byte == 0x0D || byte == 0x0A || byte == 0x00 ? 0x20 : byte)
        }
    }

    /// Appends `name: value` lines and the terminating blank line.
    static func appendHeaders(_ headers: HTTPHeaders, to out: inout [UInt8]) {
        for field in headers.fields {
            appendSafe(field.name, to: &out)
            out.append(0x3A)
            out.append(0x20)
            appendSafe(field.value, to: &out)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }
}
