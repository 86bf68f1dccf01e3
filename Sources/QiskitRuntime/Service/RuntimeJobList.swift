/// The jobs of ``RuntimeService/jobs(limit:offset:pending:program:)``: an `AsyncSequence` that
/// fetches `GET /jobs` page by page while it is iterated.
///
/// Paging follows the Python client: pages of `limit` (20 when unlimited), the offset advanced by
/// each page's length, stopping at `limit`, at the service's `count`, or at an empty page.
public struct RuntimeJobList: AsyncSequence, Sendable {
    /// Each job.
    public typealias Element = RuntimeJob

    let client: ServiceClient
    let limit: Int?
    let offset: Int
    let pending: Bool?
    let program: String?

    /// Starts an iteration; each iteration fetches the pages anew.
    public func makeAsyncIterator() -> Iterator {
        Iterator(list: self)
    }

    /// Iterates over the jobs, fetching the next page when the current one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        private let list: RuntimeJobList
        private var buffer: [RuntimeJob] = []
        private var index = 0
        private var collected = 0
        private var offset: Int
        private var finished = false

        init(list: RuntimeJobList) {
            self.list = list
            self.offset = Swift.max(list.offset, 0)
        }

        /// The next job, or `nil` after the last.
        public mutating func next() async throws -> RuntimeJob? {
            if index < buffer.count {
                index += 1
                return buffer[index - 1]
            }
            if finished { return nil }
            let remaining = list.limit.map { $0 - collected }
            if let remaining, remaining <= 0 {
                finished = true
                return nil
            }
            let pageSize = remaining ?? 20
            var query: [(String, String)] = [("limit", String(pageSize))]
            if offset > 0 { query.append(("offset", String(offset))) }
            if let pending = list.pending { query.append(("pending", pending ? "true" : "false")) }
            if let program = list.program { query.append(("program", program)) }
            let json = try await list.client.performJSON(
                ServiceRequest("GET", path: ["jobs"], query: query, context: "Failed to list jobs"))
            guard let page = json["jobs"]?.arrayValue else {
                throw RuntimeError(.invalidResponse, "Failed to list jobs: the response has no jobs list")
            }
            let jobs = try page.prefix(pageSize).map { RuntimeJob(record: try JobRecord(json: $0), client: list.client) }
            offset += page.count
            collected += jobs.count
            if jobs.isEmpty { finished = true }
            if let count = json["count"]?.integerValue, collected >= Int(clamping: count) - Swift.max(list.offset, 0) {
                finished = true
            }
            buffer = jobs
            index = 0
            return try await next()
        }
    }
}

@available(*, unavailable)
extension RuntimeJobList.Iterator: Sendable {}
