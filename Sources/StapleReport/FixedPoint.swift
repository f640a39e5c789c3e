import Foundation

/// Locale-free decimal text for numbers in files: `12.345`, never `12,345` or `1.2345e1`.
///
/// The result depends only on the value: no locale, no scientific notation, no `-0.000`.
/// Rounding is half away from zero on the binary value (so `0.0005` becomes `0.001`, while
/// `12.3445`, stored as `12.34449999…`, becomes `12.344`).
public enum FixedPoint {
    /// `value` with exactly `decimals` digits after the point, or `nil` when it is NaN or infinite.
    public static func string(_ value: Double, decimals: Int = 3) -> String? {
        precondition((0...9).contains(decimals), "FixedPoint supports 0 to 9 decimals, got \(decimals)")
        guard value.isFinite else { return nil }
        var power: UInt64 = 1
        for _ in 0..<decimals { power *= 10 }
        let scaled = (value * Double(power)).rounded(.toNearestOrAwayFromZero)
        guard scaled.magnitude < 9.0e18 else {
            // Beyond Int64: the value has no fractional digits left; printf's %f is exact here.
            return String(format: "%.\(decimals)f", value)
        }
        let magnitude = UInt64(scaled.magnitude)
        if magnitude == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
        let sign = scaled < 0 ? "-" : ""
        let whole = String(magnitude / power)
        guard decimals > 0 else { return sign + whole }
        let fraction = String(magnitude % power)
        return sign + whole + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
