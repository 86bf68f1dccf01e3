import QiskitRuntime
// Placeholder: the emulator arrives with its issue.
