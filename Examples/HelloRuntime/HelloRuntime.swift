#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import QiskitRuntime

/// `hello-runtime`: runs a Qiskit Runtime program (by default `hello-world` on an in-process
/// emulator) and prints its status changes and result. See `--help`.
@main
enum HelloRuntime {
    static func main() async {
        let command: CommandLineOptions.Command
        do {
            command = try CommandLineOptions.parse(
                Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
        } catch {
            ConsoleOutput(secrets: []).error(JobRunner.message(error))
            exit(2)
        }
        switch command {
        case .help:
            ConsoleOutput(secrets: [], isTerminal: false).block(CommandLineOptions.helpText)
            exit(0)
        case .run(let options):
            let output = ConsoleOutput(secrets: options.secrets)
            exit(await JobRunner(options: options, output: output).run())
        }
    }
}
