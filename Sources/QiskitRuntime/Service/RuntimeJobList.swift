#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The jobs of ``RuntimeService/jobs(limit:offset:pending:program:backend:tags:sessionID:createdAfter:createdBefore:order:)``:
/// an `AsyncSequence` of jobs that fetches `GET /jobs` page by page while it is iterated; or,
/// through ``pages``, of the pages themselves.
///
/// ```swift
/// for try await job in service.jobs(limit: nil, pending: true, backend: "ibm_torino") { … }
/// for try await page in service.jobs(limit: 100).pages { print(page.jobs.count, page.totalCount ?? 0) }
/// ```
///
/// Every request sends `exclude_params=true`: a listed job's params are fetched only by
/// ``RuntimeJob/inputs()``. Paging follows the Python client: pages of `limit` (20 when
/// unlimited), the offset advanced by each page's length, stopping at `limit`, at the service's
/// `count`, or at an empty page. Nothing is fetched before the first element is asked for, and
/// each page only when the previous one is used up.
public struct RuntimeJobList: AsyncSequence, Sendable {
    /// Each job.
    public typealias Element = RuntimeJob

    /// The filters and order of the list, as query items.
    struct Query: Sendable {
        var limit: Int?
        var offset: Int
        var pending: Bool?
        var program: String?
        var backend: String?
        var tags: [String] = []
        var sessionID: String?
        var createdAfter: Date?
        var createdBefore: Date?
        var order: JobListOrder = .newestFirst

        /// The query items of a page of `pageSize` jobs at `offset`, in the Python client's order.
        func items(pageSize: Int, offset: Int) -> [(String, String)] {
            var query: [(String, String)] = [("exclude_params", "true"), ("limit", String(pageSize))]
            if offset > 0 { query.append(("offset", String(offset))) }
            if let backend { query.append(("backend", backend)) }
            if let pending { query.append(("pending", pending ? "true" : "false")) }
            if let program { query.append(("program", program)) }
            for tag in tags { query.append(("tags", tag)) }
            if let sessionID { query.append(("session_id", sessionID)) }
            if let createdAfter { query.append(("created_after", RuntimeDateTime(createdAfter).isoText)) }
            if let createdBefore { query.append(("created_before", RuntimeDateTime(createdBefore).isoText)) }
            if order == .oldestFirst { query.append(("sort", "ASC")) }
            return query
        }
    }

    let client: ServiceClient
    let query: Query

    /// Starts an iteration over the jobs; each iteration fetches the pages anew.
    public func makeAsyncIterator() -> Iterator {
        Iterator(pager: Pager(client: client, query: query))
    }

    /// The same list as an `AsyncSequence` of pages, one `GET /jobs` each, fetched on demand.
    public var pages: Pages { Pages(client: client, query: query) }

    /// Iterates over the jobs, fetching the next page when the current one is used up.
    public struct Iterator: AsyncIteratorProtocol {
        private var pager: Pager
        private var buffer: [RuntimeJob] = []
        private var index = 0

        init(pager: Pager) {
            self.pager = pager
        }

        /// The next job, or `nil` after the last.
        public mutating func next() async throws -> RuntimeJob? {
            while index >= buffer.count {
                guard let page = try await pager.next() else { return nil }
                buffer = page.jobs
                index = 0
            }
            index += 1
            return buffer[index - 1]
        }
    }

    /// The pages of a ``RuntimeJobList``.
    public struct Pages: AsyncSequence, Sendable {
        /// Each page.
        public typealias Element = RuntimeJobPage

        let client: ServiceClient
        let query: Query

        /// Starts an iteration; each iteration fetches the pages anew.
        public func makeAsyncIterator() -> Iterator {
            Iterator(pager: Pager(client: client, query: query))
        }

        /// Fetches one page per call.
        public struct Iterator: AsyncIteratorProtocol {
            private var pager: Pager

            init(pager: Pager) {
                self.pager = pager
            }

            /// The next page, or `nil` after the last (never an empty page).
            public mutating func next() async throws -> RuntimeJobPage? {
                try await pager.next()
            }
        }
    }

    /// Walks the pages of a query: the offset, how many jobs were returned, and when to stop.
    struct Pager: Sendable {
        let client: ServiceClient
        let query: Query
        private var collected = 0
        private var offset: Int
        private var finished = false

        init(client: ServiceClient, query: Query) {
            self.client = client
            self.query = query
            self.offset = Swift.max(query.offset, 0)
        }

        /// The size of the next page, or `nil` when the list is complete.
        var nextPageSize: Int? {
            if finished { return nil }
            guard let limit = query.limit else { return 20 }
            let remaining = limit - collected
            return remaining > 0 ? remaining : nil
        }

        /// Fetches the next page; `nil` once the list is complete.
        mutating func next() async throws -> RuntimeJobPage? {
            guard let pageSize = nextPageSize else {
                finished = true
                return nil
            }
            let json = try await client.performJSON(
                ServiceRequest(
                    "GET", path: ["jobs"], query: query.items(pageSize: pageSize, offset: offset),
                    context: "Failed to list jobs"))
            guard let page = json["jobs"]?.arrayValue else {
                throw RuntimeError(.invalidResponse, "Failed to list jobs: the response has no jobs list")
            }
            let jobs = try page.prefix(pageSize).map { RuntimeJob(record: try JobRecord(json: $0), client: client) }
            let total = json["count"]?.integerValue.map { Int(clamping: $0) }
            let start = offset
            offset += page.count
            collected += jobs.count
            if jobs.isEmpty { finished = true }
            if let total, collected >= total - Swift.max(query.offset, 0) { finished = true }
            if jobs.isEmpty { return nil }
            return RuntimeJobPage(jobs: jobs, totalCount: total, offset: start)
        }
    }
}

@available(*, unavailable)
extension RuntimeJobList.Iterator: Sendable {}

@available(*, unavailable)
extension RuntimeJobList.Pages.Iterator: Sendable {}
