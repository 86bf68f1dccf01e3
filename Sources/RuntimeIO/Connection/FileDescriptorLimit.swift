import CRuntimeShims

/// The process's limit on open file descriptors (`RLIMIT_NOFILE`) and what a server may take of it.
///
/// Every connection costs a descriptor, and a process that runs out of them is in danger, not
/// merely refused: on Linux, libdispatch (which runs Swift concurrency's thread pool) reads
/// `/proc/<tid>/stat` to watch its worker threads and traps when that `open` fails. So a server
/// never lets connections take the last descriptors: it serves at most
/// ``connectionCapacity(requested:limit:)`` connections at once, keeping ``reserve(forLimit:)``
/// descriptors for the process's own needs.
///
/// The usual soft limit (1,024) is far below the hard limit on most systems; programs that serve
/// many connections raise it at start with ``raiseToHardLimit()``.
package enum FileDescriptorLimit {
    /// The current soft limit, or `Int.max` when it is unlimited or cannot be read.
    package static var current: Int {
        let limit = rt_nofile_limit()
        return limit < 0 ? .max : Int(limit)
    }

    /// Raises the soft limit to the hard limit (a process may always do so; where the kernel
    /// refuses that much, to 1,048,576) and returns the soft limit in force afterwards
    /// (`Int.max` when unlimited).
    @discardableResult
    package static func raiseToHardLimit() -> Int {
        let limit = rt_raise_nofile_limit()
        return limit < 0 ? .max : Int(limit)
    }

    /// The descriptors a server leaves free for the rest of the process at a soft limit of
    /// `limit`: 64, or a quarter of the limit when that is smaller.
    ///
    /// Measured on the emulator process: about ten descriptors at rest (stdio, the event loop's
    /// epoll and eventfd, the listener, and libdispatch's own epoll, eventfd and timerfd), plus a
    /// few transient ones (libdispatch's `/proc` reads, `dlopen` of zlib, outgoing connections of
    /// an embedding program). 64 leaves several times that.
    package static func reserve(forLimit limit: Int) -> Int {
        min(64, max(limit, 0) / 4)
    }

    /// The most connections a server may hold open at once under a soft limit of `limit`:
    /// `requested`, lowered to `limit - reserve(forLimit: limit)` (at least 1).
    package static func connectionCapacity(requested: Int, limit: Int = current) -> Int {
        max(1, min(requested, limit == .max ? requested : limit - reserve(forLimit: limit)))
    }
}
