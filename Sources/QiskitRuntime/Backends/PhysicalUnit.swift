/// The units of calibration values (`unit` of a property entry) and their factor to SI.
enum PhysicalUnit {
    /// The factor that turns a value in `unit` into seconds or hertz; 1 for an empty, missing or
    /// unknown unit (such as a probability's `""`).
    static func factor(_ unit: String?) -> Double {
        switch unit?.lowercased() {
        case "s"?, "sec"?: return 1
        case "ms"?: return 1e-3
        case "us"?, "µs"?, "μs"?: return 1e-6
        case "ns"?: return 1e-9
        case "ps"?: return 1e-12
        case "hz"?: return 1
        case "khz"?: return 1e3
        case "mhz"?: return 1e6
        case "ghz"?: return 1e9
        default: return 1
        }
    }
}
