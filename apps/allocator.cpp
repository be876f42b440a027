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
// One reserved stretch of address space (the extent hook below): jemalloc grows an arena by
// mappings of 2, 2.5, 3 ... MB wherever mmap puts them, and mmap puts them beside the 8 MB
// thread stacks, on 4 KB boundaries. The kernel backs a 2 MB-aligned stretch with a huge page
// only when it lies wholly inside one advised mapping, so most of each mapping was faulted in
// 4 KB pages: about 2,000 faults a backtest. Instead the arenas' new memory is handed out
// back to back from one mapping, reserved at start on a 2 MB boundary and advised once: every
// 2 MB of it that the process touches is one fault, and no huge page is left part-used between
// two growths. It is address space only (MAP_NORESERVE) until touched; when it is used up, or
// cannot be reserved, jemalloc maps as before.
//
// A background thread purges (background_thread): without one, jemalloc purges every dirty
// page of an arena when the last thread bound to it exits, and with one arena per CPU that is
// each time the loading workers finish. The purge splits the huge pages it cuts into, and the
// memory, reused for the feed and the outputs, was faulted and zeroed again 4 KB at a time.
//
// CMake links libjemalloc before libc, so its malloc and free serve the whole process,
// libraries included. jemalloc reads `malloc_conf` when it starts, before main, and then
// MALLOC_CONF from the environment, which wins: MALLOC_CONF=thp:default restores 4 KB pages.
// Not in the sanitizer build, where ASan brings its own allocator.
#include <jemalloc/jemalloc.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface.
const char* malloc_conf = "thp:always,metadata_thp:always,percpu_arena:percpu,background_thread:true";
}

namespace {

constexpr size_t kHugePage = size_t{2} << 20;

extent_hooks_t g_default_hooks;  // jemalloc's own, for everything but fresh memory
extent_hooks_t g_hooks;
uintptr_t g_reserved_begin = 0, g_reserved_end = 0;
std::atomic<uintptr_t> g_next{0};

// Fresh memory for an arena: the next `size` bytes of the reserved stretch, at the alignment
// asked. A request for a given address (jemalloc extending in place) and anything past the
// stretch go to jemalloc's own hook.
void* reserved_alloc_hook(extent_hooks_t* hooks, void* new_addr, size_t size, size_t alignment, bool* zero,
                          bool* commit, unsigned arena_index) {
    if (new_addr == nullptr && alignment <= kHugePage) {
        uintptr_t at = g_next.load(std::memory_order_relaxed);
        for (;;) {
            const uintptr_t begin = (at + alignment - 1) & ~(alignment - 1);
            if (begin + size < begin || begin + size > g_reserved_end) break;
            if (g_next.compare_exchange_weak(at, begin + size, std::memory_order_relaxed)) {
                *zero = true;  // never handed out before: the kernel's zero pages
                *commit = true;
                return reinterpret_cast<void*>(begin);
            }
        }
    }
    return g_default_hooks.alloc(hooks, new_addr, size, alignment, zero, commit, arena_index);
}

// Reserves the stretch and installs the hook before main, on every arena the process will
// use (one per CPU).
[[gnu::constructor]] void install_reserved_hooks() {
    // 4 GB of address space (jemalloc reuses what it holds, so this bounds the process's peak
    // mapped heap, not its total allocations); none under an address-space limit that it
    // would crowd (ulimit -v).
    constexpr size_t kReserve = size_t{4} << 30;
    if (rlimit limit{};
        getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur / 4 < kReserve)
        return;
    void* raw = mmap(nullptr, kReserve + kHugePage, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED) return;
    g_reserved_begin = (reinterpret_cast<uintptr_t>(raw) + kHugePage - 1) & ~(kHugePage - 1);
    g_reserved_end = g_reserved_begin + kReserve;
    // In huge pages only while jemalloc is asked for them (MALLOC_CONF=thp:default says not).
    const char* thp = nullptr;
    size_t len = sizeof(thp);
    if (mallctl("opt.thp", &thp, &len, nullptr, 0) == 0 && thp != nullptr &&
        std::string_view(thp) == "always")
        madvise(reinterpret_cast<void*>(g_reserved_begin), kReserve, MADV_HUGEPAGE);
    g_next.store(g_reserved_begin, std::memory_order_relaxed);

    unsigned arenas = 0;
    len = sizeof(arenas);
    if (mallctl("arenas.narenas", &arenas, &len, nullptr, 0) != 0) return;
    for (unsigned i = 0; i < arenas; ++i) {
        const std::string name = "arena." + std::to_string(i) + ".extent_hooks";
        extent_hooks_t* old = nullptr;
        len = sizeof(old);
        if (mallctl(name.c_str(), &old, &len, nullptr, 0) != 0 || old == nullptr) continue;
        if (g_default_hooks.alloc == nullptr) {
            g_default_hooks = *old;
            g_hooks = *old;
            g_hooks.alloc = reserved_alloc_hook;
        }
        extent_hooks_t* mine = &g_hooks;
        mallctl(name.c_str(), nullptr, nullptr, &mine, sizeof(mine));
    }
}

}  // namespace
