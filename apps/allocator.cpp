// apps/allocator.cpp — the robo_trader process allocates through jemalloc, in 2 MB pages.
//
// Why: a backtest is a burst of large, short-lived buffers (the parsed files, the quality
// gate's windows, the feed and its sort, the outputs). On a virtual machine each first touch
// of a 4 KB page is a fault that costs microseconds: the backtest over the 60 shared daily
// symbols took about 7,800 faults with glibc's malloc, and a third of its wall time went to
// them. jemalloc with transparent huge pages (the kernel's `madvise` mode, Debian's default)
// takes about 1,800 (docs/performance.md).
//
// One arena per CPU (percpu_arena): by default jemalloc gives each new thread one of 4 x CPUs
// arenas, and a backtest starts a dozen short threads (the loading workers, the audit
// writer, the logger, the report's tables); each arena's first use is a fresh 2 MB page.
// Per CPU, the process peaks at about 40 MB instead of 47 (the 60 shared daily symbols).
//
// CMake links libjemalloc before libc, so its malloc and free serve the whole process,
// libraries included. jemalloc reads `malloc_conf` when it starts, before main, and then
// MALLOC_CONF from the environment, which wins: MALLOC_CONF=thp:default restores 4 KB pages.
// Not in the sanitizer build, where ASan brings its own allocator.
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface.
const char* malloc_conf = "thp:always,metadata_thp:always,percpu_arena:percpu";
}
