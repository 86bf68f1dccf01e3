/// Sends log lines to the configured handler, with every known secret removed: those of the
/// configuration and the tokens learned since.
struct Logger: Sendable {
    let handler: RuntimeLogHandler?
    let redactor: Redactor
    let learned: SecretRegistry

    init(handler: RuntimeLogHandler?, redactor: Redactor, learned: SecretRegistry = SecretRegistry()) {
        self.handler = handler
        self.redactor = redactor
        self.learned = learned
    }

    func log(_ level: RuntimeLogLevel, _ message: @autoclosure () -> String) {
        guard let handler else { return }
        let text = redactor.redact(message())
        handler(level, Redactor(secrets: learned.all).redact(text))
    }
}
