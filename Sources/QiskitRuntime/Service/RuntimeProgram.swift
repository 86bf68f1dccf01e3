import RuntimeWire
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A runtime program as the service describes it (PROTOCOL §2.2).
public struct RuntimeProgram: Sendable, Hashable, Identifiable {
    /// The program id, such as `hello-world`; pass it to ``RuntimeService/run(program:backend:inputs:options:)``.
    public var id: String
    /// The program's name.
    public var name: String
    /// Its description, or `""`.
    public var description: String
    /// The maximum execution time in seconds (the service's `cost`), or 0.
    public var maximumExecutionTime: Int
    /// Whether every user can run it.
    public var isPublic: Bool
    /// When it was uploaded, if the service says.
    public var creationDate: Date?
    /// When it was last changed, if the service says.
    public var updateDate: Date?
    /// Its specification (`backend_requirements`, `parameters`, `return_values`,
    /// `interim_results`), if any.
    public var spec: RuntimeValue?

    init(json: JSONValue) throws {
        guard let id = json["id"]?.stringValue else {
            throw RuntimeError(.invalidResponse, "the program object has no id")
        }
        self.id = id
        name = json["name"]?.stringValue ?? id
        description = json["description"]?.stringValue ?? ""
        maximumExecutionTime = json["cost"]?.integerValue.map { Int(clamping: $0) } ?? 0
        isPublic = json["is_public"]?.boolValue ?? false
        creationDate = json["creation_date"]?.stringValue.flatMap(ISO8601Date.parse)
        updateDate = json["update_date"]?.stringValue.flatMap(ISO8601Date.parse)
        if let spec = json["spec"], spec != .null { self.spec = try WireJSON.runtimeValue(spec) }
    }
}
