/// Why the network figures cannot be measured in this build yet.
enum PendingReason {
    static let sdkAndEmulator =
        "they need the emulator (serve mode) and the streaming layer, which are not in this build yet"
}
