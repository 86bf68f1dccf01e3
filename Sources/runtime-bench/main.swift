#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RuntimeIO
import RuntimeWire

// runtime-bench: measures the performance targets of DESIGN.md §7 and prints them as one JSON
// object on stdout (progress on stderr). See Docs/Benchmarks.md.

let options: BenchOptions
do {
    options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    BenchLog.info("\(error)")
    BenchLog.raw(BenchOptions.usage + "\n")
    exit(2)
}

switch options.mode {
case .help:
    BenchLog.raw(BenchOptions.usage + "\n")
    exit(0)
case .serve(let port, let commands, let chaosSeed):
    // 10,000 streams need ~10k descriptors here and in the bench (the emulator child inherits
    // the bench's raised limit; a standalone `serve` raises its own).
    FileDescriptorLimit.raiseToHardLimit()
    exit(await ServeCommand.run(port: port, commands: commands, chaosSeed: chaosSeed))
case .oneJob(let url):
    exit(await OneJobCommand.run(url: url))
case .fetchProbe(let url):
    exit(await FetchProbeCommand.run(url: url))
case .simulate(let request):
    exit(await SimulateCommand.run(request))
case .measure:
    FileDescriptorLimit.raiseToHardLimit()
    BenchClient.exportAccessToken()
    let (output, succeeded) = await BenchRunner.run(options)
    print(JSONWriter.write(output))
    exit(succeeded ? 0 : 1)
}
