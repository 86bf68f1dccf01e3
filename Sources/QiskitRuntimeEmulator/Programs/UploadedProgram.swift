import RuntimeWire

/// A program uploaded with `POST /runtime/programs` (PROTOCOL.md §2.2), kept in the service's
/// state until it is deleted. The emulator cannot run its Python source: a job of it runs the
/// normal job lifecycle and its result echoes the job's inputs (``ProgramKind/uploaded``).
struct UploadedProgram: Sendable, Hashable {
    var id: String
    /// Unique among all programs (built-in ones are named after their id).
    var name: String
    /// The Python source, decoded from the base64 `data` it was uploaded as.
    var source: String
    var description: String
    /// Maximum execution time in seconds (`cost`; 0 for none).
    var cost: Int64
    var isPublic: Bool
    /// The `spec` object as uploaded (backend requirements, parameters, return values, interim
    /// results), or nil.
    var spec: JSONValue?
    /// The size of ``spec`` as compact JSON, measured when it is set (outside the lock).
    var specBytes = 0
    var createdAt: Int64
    var updatedAt: Int64

    /// What the program counts against ``EmulatorLimits/maxRetainedBytes``: its texts, its spec
    /// and the bookkeeping a job counts.
    var retainedBytes: Int {
        source.utf8.count + name.utf8.count + description.utf8.count + specBytes + EmulatorLimits.jobOverheadBytes
    }

    /// What a job of this program runs: a snapshot, so that the job outlives the program.
    var runnable: BuiltInProgram {
        BuiltInProgram(id: id, kind: .uploaded, description: description, cost: cost, parameters: [])
    }

    /// The program JSON of `GET /programs/{id}` and the items of `GET /programs`; `data` is the
    /// source as text (decoded), as the project's fake server returns it to the author.
    var json: JSONValue {
        var members = [
            JSONMember("id", .string(id)),
            JSONMember("name", .string(name)),
            JSONMember("description", .string(description)),
            JSONMember("cost", .integer(cost)),
            JSONMember("creation_date", .string(ISOTimestamp.format(microseconds: createdAt))),
            JSONMember("update_date", .string(ISOTimestamp.format(microseconds: updatedAt))),
            JSONMember("is_public", .bool(isPublic)),
            JSONMember("data", .string(source)),
        ]
        if let spec { members.append(JSONMember("spec", spec)) }
        return .object(members)
    }

    /// The program id made for `name`: its letters and digits (lowercase; anything else becomes
    /// `-`, at most 40 characters) plus `-` and `suffix`.
    static func identifier(name: String, suffix: String) -> String {
        var stem = ""
        for scalar in name.unicodeScalars.prefix(40) {
            let character = Character(scalar)
            stem.append(scalar.isASCII && (character.isLetter || character.isNumber) ? Character(character.lowercased()) : "-")
        }
        return (stem.isEmpty ? "program" : stem) + "-" + suffix
    }

    /// The source text of base64 `text` (surrounding spaces, tabs and line breaks ignored), or
    /// a 400 naming `field`.
    static func decodeSource(_ text: [UInt8], field: String) throws(APIError) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else {
            throw .badRequest("'\(field)' must not be empty.")
        }
        let bytes: [UInt8]
        do {
            bytes = try Base64.decode(Array(text[first...last]))
        } catch {
            throw .badRequest("'\(field)' must be the program's source in base64 (standard alphabet, padded).")
        }
        guard let source = String(validating: bytes, as: UTF8.self) else {
            throw .badRequest("'\(field)' must be base64 of UTF-8 text.")
        }
        return source
    }
}
