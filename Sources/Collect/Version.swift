/// The software version, recorded in reports so a figure can be traced to the code that made it.
public enum SinmunVersion {
    /// This build's version, as `sinmun doctor` prints it and every report records it.
    public static let current = "0.1.0"
}
