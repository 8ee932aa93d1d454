/// Latent's version, as files it writes record it.
public enum LatentVersion {
    /// The version number, recorded as `inference_library_version`.
    public static let string = "0.1.0"
}
