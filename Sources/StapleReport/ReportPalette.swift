/// The colours of the report's charts: one per mode, the same in every chart.
///
/// Colour-blind-safe hues (Okabe–Ito); `classic` is always orange and `stapled` always
/// green-blue, `crl` blue and `short-lived` reddish purple; other modes take the remaining
/// colours in order of appearance.
public enum ReportPalette {
    /// The fixed colours of the well-known modes.
    public static let fixed = ["classic": "#D55E00", "stapled": "#009E73", "none": "#7f7f7f",
                               "crl": "#0072B2", "short-lived": "#CC79A7"]
    /// Colours for other modes, in order.
    public static let others = ["#E69F00", "#56B4E9", "#000000"]

    /// The colour of `mode`, given every mode shown (for the order of unknown ones).
    public static func color(_ mode: String, among modes: [String]) -> String {
        if let color = fixed[mode] { return color }
        let unknown = modes.filter { fixed[$0] == nil }
        let index = unknown.firstIndex(of: mode) ?? 0
        return others[index % others.count]
    }
}
