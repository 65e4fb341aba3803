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

/// Grows the wasm memory, before a run starts its workers, by enough for a run that needs about
/// `need` bytes, so that the run itself does not grow it.
///
/// Why: in Chromium (seen in 156, on 16 or more workers, in a fresh page) a worker that touches
/// memory another worker has just grown can trap with "memory access out of bounds" before its
/// own view of the memory's size catches up, and the run never ends. The first `message-queue`
/// run did so about one time in two: its producers fill channel blocks that another producer
/// has just allocated from newly grown memory. Workers that were idle while the memory grew see
/// the new size when they next run. A block allocated and freed at once stays in dlmalloc's
/// free space, where the run's allocations are then served from.
///
/// Only a hint: the request is capped at the memory left, and a refusal is ignored (the run's
/// own allocations then say so, as they would have). Natively, and single-threaded, it does
/// nothing.
pub fn grow_before_run(need: u64) {
    #[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
    {
        use std::alloc::System;
        // Room to spare: estimates are close to the mark (message-queue's peak is within 5% of
        // its estimate), and a block freed among live ones may not fit the next request.
        let want = need.saturating_mul(3) / 2 + (4 << 20);
        let left = (MEMORY_LIMIT as u64).saturating_sub(memory_bytes() as u64);
        let bytes = want.min(left) as usize;
        if bytes == 0 {
            return;
        }
        // SAFETY: a non-zero size with alignment 16, freed at once with the same layout. System
        // directly: neither counted as the run's heap nor recorded as out of memory if refused.
        unsafe {
            let layout = Layout::from_size_align_unchecked(bytes, 16);
            let block = System.alloc(layout);
            if !block.is_null() {
                System.dealloc(block, layout);
            }
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "atomics")))]
    let _ = need;
}

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
