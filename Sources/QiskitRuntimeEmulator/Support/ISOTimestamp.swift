import RuntimeWire

/// Formats instants of the emulator's clock (microseconds since 1970-01-01T00:00:00Z) as
/// ISO-8601 UTC text with six fractional digits and a `Z`, e.g. `2026-01-01T00:00:00.500000Z`.
enum ISOTimestamp {
    static func format(microseconds: Int64) -> String {
        var seconds = microseconds / 1_000_000
        var micros = microseconds % 1_000_000
        if micros < 0 {
            seconds -= 1
            micros += 1_000_000
        }
        return CivilDate.isoDateTime(seconds: seconds) + "." + CivilDate.pad(Int(micros), 6) + "Z"
    }
}
