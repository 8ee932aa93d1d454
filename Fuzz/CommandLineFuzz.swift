@testable import LatentCLI

// libFuzzer target: the input as command-line arguments (separated by NUL
// bytes), parsed and validated by `latent` as its `main` would, without
// running the command; errors and help are rendered as they would be printed.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandLine(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: count)
    let arguments = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    do {
        _ = try LatentCommand.parseAsRoot(arguments)
    } catch {
        _ = LatentCommand.fullMessage(for: error)
        _ = LatentCommand.exitCode(for: error)
    }
    return 0
}
