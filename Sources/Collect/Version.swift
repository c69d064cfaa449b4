/// The software version, recorded in reports so a figure can be traced to the code that made it.
public enum SinmunVersion {
    public static let current = "0.1.0"
}
