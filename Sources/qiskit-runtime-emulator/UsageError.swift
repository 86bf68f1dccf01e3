/// A command line the emulator cannot run with; printed with the usage text, exit status 2.
struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
