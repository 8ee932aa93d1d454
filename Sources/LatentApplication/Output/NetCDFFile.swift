internal import CNetCDF
import Foundation

/// A netCDF-4 file being written through the netCDF C library: groups
/// nested under the root, each with its dimensions, variables and text
/// attributes. Writes a new file at `path` (any file there is replaced);
/// ``close()`` finishes it.
final class NetCDFFile {
    /// The netCDF library (and the HDF5 library under it) as Debian builds
    /// it is not safe to call from two threads at once: concurrent opens
    /// fail with HDF errors. Every use goes through ``exclusively(_:)``.
    private static let lock = NSLock()

    /// Runs `body`, which uses the netCDF library, while no other thread does.
    static func exclusively<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The file errors name: the one the caller asked for, which may not be
    /// the one written (``AtomicFile`` writes a temporary file beside it).
    let reportedPath: String
    private var id: Int32 = -1
    private var isOpen = false

    /// Creates `path`, naming `reportedPath` in its errors.
    /// - Throws: ``NetCDFError`` naming `nc_create`.
    init(creating path: String, reportingAs reportedPath: String) throws {
        self.reportedPath = reportedPath
        try check(nc_create(path, NC_NETCDF4 | NC_CLOBBER, &id), "nc_create", "the file")
        isOpen = true
    }

    deinit {
        if isOpen { nc_close(id) }
    }

    /// The root group's id (global attributes go there).
    var root: Int32 { id }

    /// A new group `name` under `parent`.
    func defineGroup(_ name: String, in parent: Int32) throws -> Int32 {
        var group: Int32 = -1
        try check(nc_def_grp(parent, name, &group), "nc_def_grp", "group \(name)")
        return group
    }

    /// A new dimension `name` of `length` in `group`.
    func defineDimension(_ name: String, length: Int, in group: Int32, groupName: String) throws -> Int32 {
        var dimension: Int32 = -1
        try check(nc_def_dim(group, name, length, &dimension), "nc_def_dim", "group \(groupName), dimension \(name)")
        return dimension
    }

    /// A new variable of doubles `name` over `dimensions` (ids in `group`).
    func defineVariable(_ name: String, dimensions: [Int32], in group: Int32, groupName: String) throws -> Int32 {
        var variable: Int32 = -1
        try check(
            nc_def_var(group, name, nc_type(NC_DOUBLE), Int32(dimensions.count), dimensions, &variable), "nc_def_var",
            "group \(groupName), variable \(name)")
        return variable
    }

    /// A text attribute of the group.
    func putAttribute(_ name: String, _ text: String, in group: Int32, subject: String) throws {
        let bytes = Array(text.utf8)
        try check(
            nc_put_att_text(group, NC_GLOBAL, name, bytes.count, bytes), "nc_put_att_text",
            "\(subject), attribute \(name)")
    }

    /// Every value of a variable of doubles, in row-major order.
    func putValues(_ values: [Double], variable: Int32, in group: Int32, subject: String) throws {
        try check(nc_put_var_double(group, variable, values), "nc_put_var_double", subject)
    }

    /// Finishes the file; it is complete on disk only after this.
    func close() throws {
        guard isOpen else { return }
        isOpen = false
        try check(nc_close(id), "nc_close", "the file")
    }

    private func check(_ status: Int32, _ call: String, _ subject: String) throws {
        guard status == NC_NOERR else {
            throw NetCDFError(path: reportedPath, call: call, subject: subject, reason: String(cString: nc_strerror(status)))
        }
    }
}
