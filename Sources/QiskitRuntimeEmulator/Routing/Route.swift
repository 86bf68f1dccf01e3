/// A resolved request: which endpoint, with its path parameters (percent-decoded), in order.
struct Route: Sendable, Hashable {
    let endpoint: EmulatorEndpoint
    let parameters: [String]

    /// The `index`th path parameter (`""` if the endpoint has fewer).
    func parameter(_ index: Int) -> String {
        parameters.indices.contains(index) ? parameters[index] : ""
    }

    /// The job, program, backend or session the path names: its first parameter.
    var id: String { parameter(0) }

    /// The result of resolving a method and path.
    enum Resolution: Sendable, Hashable {
        case found(Route)
        /// The path exists but not for this method.
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    /// One row of the table: an endpoint's path split into segments (`nil` for a parameter).
    private struct Entry: Sendable {
        let endpoint: EmulatorEndpoint
        let method: String
        let segments: [String?]
        let apis: Set<ServiceAPI>
    }

    private static let table: [Entry] = EmulatorEndpoint.allCases.map { endpoint in
        let pattern = endpoint.pattern
        let segments = pattern.path.split(separator: "/").map { $0 == "{}" ? nil : String($0) }
        return Entry(endpoint: endpoint, method: pattern.method, segments: segments, apis: pattern.apis)
    }

    /// Resolves `path` (the segments below the base of `api`) against the route table.
    static func resolve(method: String, path: ArraySlice<String>, in api: ServiceAPI) -> Resolution {
        var allowed: [String] = []
        for entry in table where entry.apis.contains(api) && entry.segments.count == path.count {
            var parameters: [String] = []
            var matches = true
            for (expected, actual) in zip(entry.segments, path) {
                if let expected {
                    if expected != actual { matches = false; break }
                } else {
                    parameters.append(actual)
                }
            }
            guard matches else { continue }
            if entry.method == method { return .found(Route(endpoint: entry.endpoint, parameters: parameters)) }
            allowed.append(entry.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed.sorted())
    }
}
