/// Why the network figures are not measured in this build yet.
enum PendingReason {
    static let sdkAndEmulator =
        "the figure's code is not written yet (the emulator child already starts: see run.emulator; "
        + "the SDK's streaming layer lands later)"
}
