#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntimeEmulator
import Synchronization

// The command-line emulator. Signals: SIGINT and SIGTERM are blocked in every thread (the mask is
// set here, before any other thread exists, and inherited) and taken synchronously by this main
// thread with sigwait, so no signal handler runs at all. Serving happens on RuntimeIO's event loop
// and the Swift concurrency pool.

let options: CommandLineOptions
do {
    options = try CommandLineOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    StandardStream.error("qiskit-runtime-emulator: \(error.message)")
    StandardStream.error(CommandLineOptions.usage)
    exit(2)
}
if options.showHelp {
    StandardStream.out(CommandLineOptions.usage)
    exit(0)
}
if options.printBackends {
    StandardStream.out(options.configuration.platform.backends.json)
    exit(0)
}

var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGINT)
sigaddset(&signals, SIGTERM)
pthread_sigmask(SIG_BLOCK, &signals, nil)
signal(SIGPIPE, SIG_IGN)

// Every connection costs a file descriptor: take all the process may have (the connection limit
// follows the soft limit, keeping a reserve for the process's own needs).
let fileLimit = Emulator.raiseFileDescriptorLimit()

let running = Mutex<RunningEmulator?>(nil)
let startup = Task.detached { [options] in
    do {
        let emulator = try await Emulator.start(configuration: options.configuration, host: options.host, port: options.port)
        running.withLock { $0 = emulator }
        // stdout: the URL first, then the credentials, one "name: value" line each.
        StandardStream.out(emulator.baseURL)
        StandardStream.out("token: " + options.configuration.apiToken)
        StandardStream.out("api-key: " + options.configuration.iamAPIKey)
        StandardStream.out("crn: " + options.configuration.instanceCRN)
        if emulator.maxConnections < options.configuration.maxConnections {
            StandardStream.error(
                "qiskit-runtime-emulator: serving at most \(emulator.maxConnections) connections at once "
                    + "(--max-connections \(options.configuration.maxConnections), open-file limit \(fileLimit))")
        }
    } catch {
        StandardStream.error("qiskit-runtime-emulator: cannot listen on \(options.host):\(options.port): \(error)")
        exit(1)
    }
}

var received: Int32 = 0
while sigwait(&signals, &received) != 0 {}
StandardStream.error("qiskit-runtime-emulator: signal \(received), shutting down")
Task.detached {
    await startup.value
    if let emulator = running.withLock({ $0 }) { await emulator.shutdown() }
    exit(0)
}
// A second signal while shutting down ends the process at once.
while sigwait(&signals, &received) != 0 {}
_exit(1)
