// The SDK's one error type is defined in the codec layer so that every layer can throw it; it is
// re-exported here so that `import QiskitRuntime` is all a user needs.
@_exported import struct RuntimeWire.RuntimeError
// Circuits (the builder, OpenQASM, ISA checks, basis translation) are what the primitives take:
// re-exported for the same reason.
@_exported import QuantumCircuits
