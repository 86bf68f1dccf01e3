import RuntimeIO
import RuntimeWire

extension RuntimeJob {
    /// The interim results published so far, oldest first (`GET /jobs/{id}/interim_results`,
    /// whose list the service sends latest first). Each entry that is JSON text is decoded.
    ///
    /// On an IBM Cloud account (``supportsStreaming`` is `false`) the API has no interim results:
    /// this returns `[]` without a request.
    public func fetchInterimResults() async throws -> [RuntimeValue] {
        guard client.supportsStreaming else { return [] }
        let response = try await client.perform(
            ServiceRequest(
                "GET", path: ["jobs", jobID, "interim_results"], context: "Failed to get interim results: \(jobID)"))
        let budget = client.configuration.decodeBudget
        return try InterimResultFeed.parseList(response.body, jobID: jobID).map { try RuntimeValue(json: $0, decodeBudget: budget) }
    }

    // MARK: Interim results

    /// The job's interim results as they are published, decoded as ``RuntimeValue``s (text that
    /// is not JSON becomes a string value). See ``interimResults(decoder:)``.
    ///
    /// ```swift
    /// for try await message in job.interimResults() {
    ///     print(message["iteration"] ?? message)
    /// }
    /// ```
    public nonisolated func interimResults() -> AsyncThrowingStream<RuntimeValue, any Error> {
        interimResults(decoder: RuntimeValueDecoder(decodeBudget: client.configuration.decodeBudget))
    }

    /// The job's interim results as they are published, each decoded by `decoder` in the
    /// consumer's task.
    ///
    /// The stream reads the job's websocket (`/stream/jobs/{id}`), pulling **one message at a time
    /// on demand**: while the consumer is busy nothing is read beyond a small bounded buffer, and
    /// TCP pushes back on the service — nothing is dropped and nothing piles up in memory.
    ///
    /// - **Everything, once.** After every (re)connection the stream reads the job's REST list
    ///   of interim results (``fetchInterimResults()``) and first delivers what it has not
    ///   delivered yet, oldest first; live messages that repeat entries of that list are skipped.
    ///   A late subscriber therefore gets every interim result from the first. The protocol has no
    ///   sequence numbers, so messages are matched by payload text; the one residual ambiguity is
    ///   a new message identical to the entry the live frames could be repeating at that point
    ///   (identical consecutive payloads), which is taken for a repeat.
    /// - **End.** The sequence ends when the service closes the stream normally (code 1000: the
    ///   job reached a final state) and after ``cancel()``. For a job already known to be final,
    ///   the stream delivers the REST list and ends without opening a websocket.
    /// - **Reconnects.** Any other close, a lost connection, an unanswered keep-alive ping or a
    ///   write the server does not take in time is retried after `0.5 s · 2^(n−1)` (at most
    ///   8 s; see ``RuntimeConfiguration/Streaming``), up to 5 times in a row; the count starts
    ///   again at every new message (live or caught up from the list; an acknowledgement or a
    ///   repeat does not count). Each reconnect reads the job's status: once the job is final,
    ///   the stream delivers the rest of the list and ends, retries used up or not. Otherwise,
    ///   with the retries used up, it throws `RuntimeError.Code.reconnectsExhausted`.
    /// - **A websocket that never ends.** While the websocket is open, the job's status is also
    ///   read every `max(pollInterval, streaming.statusCheckInterval)` (5 s by default); once the
    ///   job is final, the socket is closed and the stream ends from the list.
    /// - **Cut messages.** With the default decoder, a live message that is not JSON is checked
    ///   against the list: when the list holds a different text at its position (the message
    ///   was cut in transit), that entry is delivered instead. A decoder of your own gets the
    ///   text as it arrived.
    /// - **No websocket.** When the upgrade is refused (HTTP 4xx/5xx) or the TLS library is
    ///   missing, the stream polls the REST list at the configured poll interval instead and ends
    ///   when the job is final. On a service without streaming (``supportsStreaming`` is
    ///   `false`) it delivers nothing and ends, without an error, when the job does.
    /// - **One websocket with `result()`.** While the stream is live, the completion watcher of
    ///   ``result(timeout:pollInterval:)`` and ``waitForFinalState(timeout:pollInterval:)`` opens
    ///   no websocket of its own: it follows this stream's end, and reads the job's status
    ///   periodically beside it, so a consumer that stops reading never holds `result()` up.
    /// - **Unicast.** A job has at most one live stream per service: pulling from a second one
    ///   while the first is live throws `RuntimeError.Code.alreadyStreaming`. A stream stops
    ///   being live when it ends, fails, or is released.
    /// - **Cancellation.** Cancelling the consumer's task cancels the pending read and the stream
    ///   throws `CancellationError`; the socket is closed at once. When the consumer stops
    ///   iterating, the socket is closed when the stream is released. Neither cancels the job.
    ///
    /// A decoder error ends the stream with that error.
    public nonisolated func interimResults<Decoder: ResultDecoder>(
        decoder: Decoder
    ) -> AsyncThrowingStream<Decoder.Output, any Error> {
        let feed = InterimResultFeed(job: self, client: client)
        // The default decoder returns text that is not JSON as `.string(text)`: such a live
        // message may have been cut in transit, and the REST list can have it whole.
        let repairs = decoder is RuntimeValueDecoder
        return AsyncThrowingStream(unfolding: {
            while true {
                guard let text = try await feed.next() else { return nil }
                do {
                    // Small messages (nearly all) decode right here, without a closure or a hop.
                    let output = text.utf8.count < RuntimeJob.offPoolDecodeBytes
                        ? try decoder.decode(text)
                        : try await RuntimeJob.decode(byteCount: text.utf8.count) { try decoder.decode(text) }
                    guard repairs, case .string(let raw)? = output as? RuntimeValue, raw == text else { return output }
                    switch await feed.repair(notJSON: text) {
                    case .skip:
                        continue
                    case .deliver(let replacement):
                        if replacement == text { return output }
                        return try await RuntimeJob.decode(byteCount: replacement.utf8.count) { try decoder.decode(replacement) }
                    }
                } catch {
                    feed.finish()
                    throw error
                }
            }
        })
    }
}
