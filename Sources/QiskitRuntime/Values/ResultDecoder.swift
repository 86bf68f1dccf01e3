/// Turns the text of a job result or interim result into a value, like the Python client's
/// `ResultDecoder` classes.
///
/// The default is ``RuntimeValueDecoder``; ``TypedResultDecoder`` decodes into a `Decodable`
/// type. Write your own for a program with a custom result format:
///
/// ```swift
/// struct LineCount: ResultDecoder {
///     func decode(_ text: String) throws -> Int { text.split(separator: "\n").count }
/// }
/// ```
public protocol ResultDecoder: Sendable {
    /// What the decoder produces.
    associatedtype Output: Sendable

    /// Decodes one result text. Called off the I/O thread; it may be slow.
    func decode(_ text: String) throws -> Output
}
