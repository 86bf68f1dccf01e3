/// The calibrated properties of one qubit (an entry of ``BackendProperties/qubits``), in SI
/// units whatever units the document used.
public struct QubitProperties: Sendable, Hashable {
    /// The energy relaxation time T1, in seconds.
    public var t1: Double?
    /// The dephasing time T2, in seconds.
    public var t2: Double?
    /// The qubit's frequency, in hertz.
    public var frequency: Double?
    /// The probability of reading the wrong value (`readout_error`).
    public var readoutError: Double?
    /// How long a readout takes, in seconds.
    public var readoutLength: Double?
    /// The probability of reading 0 after preparing 1 (`prob_meas0_prep1`).
    public var probabilityMeasure0Prepare1: Double?
    /// The probability of reading 1 after preparing 0 (`prob_meas1_prep0`).
    public var probabilityMeasure1Prepare0: Double?

    /// Creates properties; everything unknown by default.
    public init(
        t1: Double? = nil, t2: Double? = nil, frequency: Double? = nil, readoutError: Double? = nil,
        readoutLength: Double? = nil, probabilityMeasure0Prepare1: Double? = nil,
        probabilityMeasure1Prepare0: Double? = nil
    ) {
        self.t1 = t1
        self.t2 = t2
        self.frequency = frequency
        self.readoutError = readoutError
        self.readoutLength = readoutLength
        self.probabilityMeasure0Prepare1 = probabilityMeasure0Prepare1
        self.probabilityMeasure1Prepare0 = probabilityMeasure1Prepare0
    }
}
