//! A counting allocator, so a report can say how many bytes a run really held at its peak
//! (for `web-server`: bytes per connection), natively and in wasm alike.

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The allocator the counting one forwards to: std's, except in the threaded wasm build, where
/// std's is one spin lock for all workers; the per-thread cache in front of it lets workers
/// allocate small blocks without meeting there, as glibc's malloc lets native threads (see
/// [`thread_cache`]).
///
/// [`thread_cache`]: super::thread_cache
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
use super::thread_cache::ThreadCache as Backing;
#[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
use std::alloc::System as Backing;

pub struct CountingAlloc;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the backing allocator; the counters only observe
// sizes and never influence what is allocated.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        counted(Backing.alloc(layout), layout.size())
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        counted(Backing.alloc_zeroed(layout), layout.size())
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        Backing.dealloc(ptr, layout);
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = Backing.realloc(ptr, layout, new_size);
        if !p.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        counted(p, new_size)
    }
}

/// Counts a successful allocation. A failed one is about to abort the program (std's
/// allocation-error handler does not panic), so say why where the page will look first.
fn counted(p: *mut u8, bytes: usize) -> *mut u8 {
    if p.is_null() {
        // Formatting would allocate; a fixed message is all that can be said safely here.
        crate::runtime::control::CONTROL.record_panic(
            crate::runtime::control::FaultKind::OutOfMemory,
            "out of memory: an allocation failed because the wasm memory (at most 1 GiB) is full",
        );
    } else {
        grew(bytes);
    }
    p
}

// Out of line: one copy, rather than one in each allocation path of the wasm readers download.
#[inline(never)]
fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    // Read first: a new peak is rare, and a plain read leaves the peak's cache line shared
    // among the workers, where a fetch_max on every allocation would move it to each in turn.
    if now > PEAK.load(Ordering::Relaxed) {
        PEAK.fetch_max(now, Ordering::Relaxed);
    }
}

/// Bytes allocated and not yet freed.
pub fn heap_bytes() -> usize {
    CURRENT.load(Ordering::Relaxed)
}

/// The highest [`heap_bytes`] since the last [`reset_peak`].
pub fn peak_heap_bytes() -> usize {
    PEAK.load(Ordering::Relaxed)
}

pub fn reset_peak() {
    PEAK.store(CURRENT.load(Ordering::Relaxed), Ordering::Relaxed);
}

/// The most the heap may hold. wasm memory is capped at link time (`--max-memory`, 1 GiB);
/// natively the same cap is used so that a run accepted in tests is one the browser accepts.
pub const MEMORY_LIMIT: usize = 1 << 30;

/// What the linear memory occupies now: wasm pages in the browser, the live heap natively.
pub fn memory_bytes() -> usize {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) * 65536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        heap_bytes()
    }
}
