/// Returns the previous run's freed memory to the allocator's clean state before a timed run.
///
/// A run that builds hundreds of thousands of strings leaves as many freed chunks behind; glibc
/// consolidates them on the next large allocation, inside the next run's clock. A program that
/// counts a result once never pays that, so the figures that build many strings call this between
/// runs (outside the clock).
enum HeapTrim {
    static func now() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// glibc's `malloc_trim(3)` (not exported by the Glibc module).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
