/// Sends log lines to the configured handler, with every known secret removed.
struct Logger: Sendable {
    let handler: RuntimeLogHandler?
    let redactor: Redactor

    func log(_ level: RuntimeLogLevel, _ message: @autoclosure () -> String) {
        guard let handler else { return }
        handler(level, redactor.redact(message()))
    }
}
