import RuntimeWire

/// Why an ``HTTPClient`` request failed, and whether the server may have seen it.
///
/// The client throws this for every failure except the cancellation of the calling task
/// (`CancellationError`). `requestMayHaveBeenSent` is false only when no byte of the request was
/// written on any connection, so a non-idempotent request such as `POST /jobs` can be retried
/// safely exactly when it is false.
package struct HTTPClientFailure: Error, Sendable, CustomStringConvertible {
    package var error: RuntimeError
    package var requestMayHaveBeenSent: Bool

    package init(error: RuntimeError, requestMayHaveBeenSent: Bool) {
        self.error = error
        self.requestMayHaveBeenSent = requestMayHaveBeenSent
    }

    package var description: String {
        "\(error) (request \(requestMayHaveBeenSent ? "may have been" : "was not") sent)"
    }
}
