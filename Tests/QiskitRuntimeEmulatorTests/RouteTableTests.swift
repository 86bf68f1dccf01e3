@testable import QiskitRuntimeEmulator
import Testing

/// The route table (`EmulatorEndpoint.pattern`) and its resolver, without a server.
@Suite("Route table")
struct RouteTableTests {
    /// The path of `endpoint` with `{}` replaced by p0, p1, …
    static func path(of endpoint: EmulatorEndpoint) -> [String] {
        var next = 0
        return endpoint.pattern.path.split(separator: "/").map { segment in
            guard segment == "{}" else { return String(segment) }
            defer { next += 1 }
            return "p\(next)"
        }
    }

    @Test("every endpoint resolves from its own pattern in every API that serves it, with its parameters")
    func everyEndpointResolves() {
        for endpoint in EmulatorEndpoint.allCases {
            let pattern = endpoint.pattern
            #expect(!pattern.apis.isEmpty)
            let path = Self.path(of: endpoint)
            let parameters = path.filter { $0.hasPrefix("p") && $0.dropFirst().allSatisfy(\.isNumber) }
            for api in pattern.apis {
                let resolution = Route.resolve(method: pattern.method, path: path[...], in: api)
                #expect(resolution == .found(Route(endpoint: endpoint, parameters: parameters)), "\(endpoint) in \(api)")
            }
        }
    }

    @Test("no two endpoints share a method and a path in one API")
    func noAmbiguity() {
        var seen: [String: EmulatorEndpoint] = [:]
        for endpoint in EmulatorEndpoint.allCases {
            for api in endpoint.pattern.apis {
                let key = "\(api) \(endpoint.pattern.method) \(endpoint.pattern.path)"
                #expect(seen[key] == nil, "\(endpoint) and \(String(describing: seen[key]))")
                seen[key] = endpoint
            }
        }
    }

    @Test("a path of another API is 404 there; a known path with another method is 405 with the sorted methods")
    func notFoundAndMethods() {
        #expect(Route.resolve(method: "GET", path: ["programs"], in: .v1) == .notFound)
        #expect(Route.resolve(method: "GET", path: ["stream", "jobs", "x"], in: .v1) == .notFound)
        #expect(Route.resolve(method: "GET", path: ["backends"], in: .runtime) == .notFound)
        #expect(Route.resolve(method: "GET", path: ["jobs"], in: .legacy) == .notFound)
        #expect(Route.resolve(method: "GET", path: ["jobs", "x", "whatever"], in: .runtime) == .notFound)
        #expect(Route.resolve(method: "PATCH", path: ["jobs"], in: .runtime) == .methodNotAllowed(allowed: ["GET", "POST"]))
        #expect(Route.resolve(method: "PATCH", path: ["jobs", "x"], in: .v1) == .methodNotAllowed(allowed: ["DELETE", "GET"]))
        #expect(Route.resolve(method: "POST", path: ["version"], in: .legacy) == .methodNotAllowed(allowed: ["GET"]))
        let devices = Route.resolve(
            method: "GET", path: ["Network", "h", "Groups", "g", "Projects", "p", "devices", "v", "1"], in: .legacy)
        #expect(devices == .found(Route(endpoint: .devices, parameters: ["h", "g", "p"])))
    }

    @Test("the base of a path selects the API: /api/v1 before /api; anything else has none")
    func apiSelection() {
        #expect(ServiceAPI.select(["api", "v1", "jobs"]).map { [$0.api == .v1, Array($0.path) == ["jobs"]] } == [true, true])
        #expect(ServiceAPI.select(["api", "version"]).map { $0.api } == .legacy)
        #expect(ServiceAPI.select(["api"]).map { Array($0.path).isEmpty && $0.api == .legacy } == true)
        #expect(ServiceAPI.select(["runtime", "jobs"]).map { $0.api } == .runtime)
        #expect(ServiceAPI.select(["nowhere"]) == nil)
        #expect(ServiceAPI.select([]) == nil)
    }
}
