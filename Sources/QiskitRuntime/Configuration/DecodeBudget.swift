extension RuntimeConfiguration {
    /// How much memory the `ndarray` values of one decoded document (a job result or one interim
    /// result) may inflate to, in total.
    ///
    /// An array travels as base64(zlib(`.npy`)), and zlib inflates up to about 1,000 times: an
    /// 11 MB result could otherwise ask for tens of gigabytes. The budget of a document of `n`
    /// bytes of JSON text is
    ///
    /// `min(maximumBytes, max(minimumBytes, n × bytesPerInputByte))`
    ///
    /// — by default 1 GiB at most, 64 times the text, and never less than 64 MiB (so a small
    /// document that holds a large, very compressible array, such as a sampler result of all
    /// zeros, still decodes). Each array's `.npy` header declares its size; it is checked against
    /// what is left of the budget before a byte of its data is inflated, and a stream whose
    /// header is irregular is inflated with what is left as its output limit. A document over its
    /// budget throws `RuntimeError.Code.decodeBudgetExceeded`, whose message names the budget in
    /// bytes; the process never holds more than about one budget of inflated arrays per document.
    ///
    /// ```swift
    /// var configuration = RuntimeConfiguration(account: account)
    /// configuration.decodeBudget.maximumBytes = 4 << 30   // results of up to 4 GiB of arrays
    /// ```
    ///
    /// The budget applies to what the SDK decodes itself (`result()`, `result(as:)`,
    /// `interimResults()`, `fetchInterimResults()`). A decoder you pass yourself uses its own:
    /// ``RuntimeValueDecoder/init(decodeBudget:)``, ``TypedResultDecoder/init(decodeBudget:)``.
    public struct DecodeBudget: Sendable, Hashable {
        /// The most inflated bytes of one document, whatever its size. Default 1 GiB.
        public var maximumBytes: Int
        /// How many inflated bytes each byte of the document's text may give. Default 64.
        public var bytesPerInputByte: Int
        /// The budget of a document however small it is. Default 64 MiB.
        public var minimumBytes: Int

        /// Creates a budget; the defaults are 1 GiB, 64 bytes per byte of text, and 64 MiB.
        public init(maximumBytes: Int = 1 << 30, bytesPerInputByte: Int = 64, minimumBytes: Int = 64 << 20) {
            self.maximumBytes = maximumBytes
            self.bytesPerInputByte = bytesPerInputByte
            self.minimumBytes = minimumBytes
        }

        /// The budget of a document of `documentBytes` bytes of JSON text.
        public func limit(forDocumentBytes documentBytes: Int) -> Int {
            let (scaled, overflow) = max(0, documentBytes).multipliedReportingOverflow(by: max(0, bytesPerInputByte))
            return max(0, min(maximumBytes, max(minimumBytes, overflow ? Int.max : scaled)))
        }
    }
}
