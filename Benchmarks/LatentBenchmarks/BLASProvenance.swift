import CGSL
import Foundation

/// Which library the process's `cblas_sgemm` resolves to, and GSL's own
/// reference CBLAS loaded beside it for comparison.
enum BLASProvenance {
    typealias SGEMM = @convention(c) (
        CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32, Float,
        UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32
    ) -> Void

    /// The shared object that defines the `cblas_sgemm` every call binds to.
    static var resolvedLibrary: String {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "cblas_sgemm") else { return "unresolved" }
        var info = latent_dl_info()
        guard latent_dladdr(symbol, &info) != 0, let name = info.dli_fname else { return "unknown" }
        return String(cString: name)
    }

    static var openBLASConfiguration: String {
        String(cString: openblas_get_config())
    }

    /// `cblas_sgemm` from GSL's unoptimised reference library, when installed.
    static var referenceSGEMM: SGEMM? {
        guard let handle = dlopen("libgslcblas.so.0", RTLD_NOW | RTLD_LOCAL),
              let symbol = dlsym(handle, "cblas_sgemm")
        else { return nil }
        return unsafeBitCast(symbol, to: SGEMM.self)
    }
}
