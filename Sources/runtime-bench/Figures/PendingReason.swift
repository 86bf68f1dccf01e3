/// Why the network figures cannot be measured in this build yet.
enum PendingReason {
    static let sdkAndEmulator =
        "RuntimeService/RuntimeJob, the streaming layer and the emulator are not in this build yet"
}
