// The SDK's one error type is defined in the codec layer so that every layer can throw it; it is
// re-exported here so that `import QiskitRuntime` is all a user needs.
@_exported import struct RuntimeWire.RuntimeError
