/// How a received frame or message breaks RFC 6455: the typed cause carried as the
/// `underlyingError` of the `WireError` a WebSocket codec throws, from which the close code
/// is chosen (``WebSocketCloseCode/closeCode(for:)``), never from the error's text.
package enum WebSocketViolation: Error, Sendable, Hashable {
    /// A malformed frame or a broken rule of the protocol: close with 1002.
    case protocolError
    /// A text message or close reason that is not UTF-8: close with 1007.
    case invalidUTF8
    /// A frame or message larger than the limit: close with 1009.
    case messageTooBig

    /// The close code to send for this violation.
    package var closeCode: UInt16 {
        switch self {
        case .protocolError: WebSocketCloseCode.protocolError
        case .invalidUTF8: WebSocketCloseCode.invalidPayload
        case .messageTooBig: WebSocketCloseCode.messageTooBig
        }
    }
}

extension WireError {
    /// An error of a WebSocket codec: `code` for the caller to match, `violation` for the close
    /// code (kept as ``WireError/underlyingError``).
    package static func webSocket(
        _ code: Code, _ violation: WebSocketViolation, _ message: String, offset: Int? = nil
    ) -> WireError {
        WireError(code, message, offset: offset, underlyingError: violation)
    }
}
