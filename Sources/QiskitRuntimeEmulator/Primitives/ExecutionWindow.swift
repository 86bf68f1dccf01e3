/// The instants (the emulator clock's microseconds) a pub's execution started and stopped: its
/// execution span.
struct ExecutionWindow: Sendable, Hashable {
    var start: Int64
    var stop: Int64
}
