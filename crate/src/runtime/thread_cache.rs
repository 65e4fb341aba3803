//! A per-thread cache of small freed blocks in front of the system allocator, used by the
//! threaded wasm build (see [`super::memory`]).
//!
//! Why it exists: std's allocator on wasm is dlmalloc behind one global lock, and with atomics
//! that lock is a bare spin (a `swap` in a loop: std cannot sleep there, because the browser's
//! main thread may not block). Every allocation and every free of every worker takes it. A
//! native Rust program on Linux gets glibc's malloc instead, whose per-thread caches let
//! threads allocate without meeting. So in the browser, an example that allocates per operation
//! (the async web server: a task and three buffers per request) had its workers queue at that
//! one lock, and more workers made it slower — a cost of the wasm build, not of the chapter's
//! code. Here each thread keeps the small blocks it frees in lists by size class and hands them
//! out again without any lock; only a miss, or a list that is full, reaches the system allocator.
//!
//! No crate fitted: the pure-Rust allocators that target wasm (talc, lol_alloc, dlmalloc,
//! rlsf) put one lock around one heap as std does, and the thread-caching ones are C or C++
//! (mimalloc, snmalloc, rpmalloc) or not yet settled. This layer is small on purpose: it only
//! recycles whole blocks of a size class, and leaves every real decision to dlmalloc.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ptr;

/// Block sizes are multiples of this, and blocks are aligned to it.
const GRAIN: usize = 16;
/// Sizes up to this are cached; larger ones go straight to the system allocator.
pub const MAX_CACHED: usize = 512;
const CLASSES: usize = MAX_CACHED / GRAIN;
/// Bytes a thread keeps at most per size class: bounded, so a thread that frees much more than
/// it allocates (the consumer of a channel) hands the rest back instead of hoarding it. At most
/// `CLASSES * BIN_BYTES` = 256 KiB per thread.
const BIN_BYTES: usize = 8 << 10;

/// A free block, linked through its own first bytes.
struct Free {
    next: *mut Free,
}

#[derive(Clone, Copy)]
struct Bin {
    head: *mut Free,
    len: usize,
}

struct Cache {
    bins: [Bin; CLASSES],
}

thread_local! {
    // Const-initialised and without a destructor, so access is a plain read of the thread's
    // TLS block: no lazy registration, and it never allocates (which would recurse into here).
    static CACHE: UnsafeCell<Cache> =
        const { UnsafeCell::new(Cache { bins: [Bin { head: ptr::null_mut(), len: 0 }; CLASSES] }) };
}

/// The size class of `layout`, if it is small enough to cache.
fn class_of(layout: Layout) -> Option<usize> {
    (layout.size() <= MAX_CACHED && layout.align() <= GRAIN).then(|| layout.size().max(1).div_ceil(GRAIN) - 1)
}

/// The layout every block of `class` is allocated with, whatever size it was asked for.
fn class_layout(class: usize) -> Layout {
    // SAFETY: GRAIN is a power of two and the size is a non-zero multiple of it, far below
    // isize::MAX.
    unsafe { Layout::from_size_align_unchecked((class + 1) * GRAIN, GRAIN) }
}

fn capacity(class: usize) -> usize {
    BIN_BYTES / ((class + 1) * GRAIN)
}

/// Thread-locals at addresses below this are not set up yet. A new web worker allocates its
/// stack and its TLS block before `__wasm_init_tls` points its thread-locals there; until then
/// they resolve to small offsets from address 0 (the bottom of the first thread's stack), where
/// this thread has no cache. Real TLS blocks lie far above: the first thread's in the data
/// segment (after the 1 MiB stack), the others' in the heap; natively, Linux maps nothing below
/// 64 KiB.
const TLS_SET_UP_FROM: usize = 64 << 10;

/// Runs `f` on this thread's bin of `class`; `None` where this thread has no cache (yet).
fn with_bin<R>(class: usize, f: impl FnOnce(&mut Bin) -> R) -> Option<R> {
    CACHE
        .try_with(|cache| {
            let cache = cache.get();
            // SAFETY: the cache belongs to this thread alone, and no other reference to it is
            // alive: `f` only touches the bin and never calls back into the allocator.
            (cache as usize >= TLS_SET_UP_FROM).then(|| f(unsafe { &mut (*cache).bins[class] }))
        })
        .ok()
        .flatten()
}

/// A block of `class` from this thread's cache, if it has one. Out of line, as is `keep`:
/// inlined into every allocation path, they made the wasm that readers download larger.
#[inline(never)]
fn take(class: usize) -> Option<*mut u8> {
    with_bin(class, |bin| {
        let block = bin.head;
        if block.is_null() {
            return None;
        }
        // SAFETY: every block in a bin was freed by its owner and put there by `keep`, with the
        // link written in its first bytes; nothing else can reach it until it is handed out.
        bin.head = unsafe { (*block).next };
        bin.len -= 1;
        Some(block.cast())
    })
    .flatten()
}

/// Keeps a freed block of `class` in this thread's cache; false when the bin is full.
#[inline(never)]
fn keep(class: usize, block: *mut u8) -> bool {
    with_bin(class, |bin| {
        if bin.len >= capacity(class) {
            return false;
        }
        let block = block.cast::<Free>();
        // SAFETY: the block is at least GRAIN bytes, aligned to GRAIN, and ours alone now
        // that its owner freed it.
        unsafe { block.write(Free { next: bin.head }) };
        bin.head = block;
        bin.len += 1;
        true
    })
    .unwrap_or(false)
}

/// The system allocator with a per-thread cache of small blocks.
pub struct ThreadCache;

// SAFETY: a small request is served with a block of its class's layout (size rounded up to
// the class, alignment GRAIN ≥ the request's), either fresh from System or one freed earlier
// with a layout of the same class; blocks go back to System with that same class layout.
// Everything else is forwarded unchanged.
unsafe impl GlobalAlloc for ThreadCache {
    // Each method calls System once, whatever the path: std's allocator is large, and a second
    // call site would have the compiler copy it into the wasm that every reader downloads.
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let class = class_of(layout);
        match class.and_then(take) {
            Some(block) => block,
            None => System.alloc(class.map_or(layout, class_layout)),
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let class = class_of(layout);
        match class.and_then(take) {
            Some(block) => {
                block.write_bytes(0, layout.size());
                block
            }
            None => System.alloc_zeroed(class.map_or(layout, class_layout)),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let class = class_of(layout);
        if !class.is_some_and(|class| keep(class, ptr)) {
            System.dealloc(ptr, class.map_or(layout, class_layout));
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (class_of(layout), class_of(new_layout)) {
            // The block already has room for the new size.
            (Some(old), Some(new)) if old == new => ptr,
            (None, None) => System.realloc(ptr, layout, new_size),
            _ => {
                let moved = self.alloc(new_layout);
                if !moved.is_null() {
                    ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                moved
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_every_small_size_with_room_to_spare() {
        for size in 0..=MAX_CACHED {
            for align in [1, 2, 4, 8, 16] {
                let layout = Layout::from_size_align(size, align).unwrap();
                let class = class_of(layout).expect("small sizes are cached");
                let block = class_layout(class);
                assert!(block.size() >= size.max(1) && block.size() < size.max(1) + GRAIN);
                assert!(block.align() >= align);
                assert!(capacity(class) >= 1);
            }
        }
        assert_eq!(class_of(Layout::from_size_align(MAX_CACHED + 1, 8).unwrap()), None);
        assert_eq!(class_of(Layout::from_size_align(64, 32).unwrap()), None);
    }

    #[test]
    fn a_freed_block_is_handed_out_again_on_the_same_thread_until_the_bin_is_full() {
        let layout = Layout::from_size_align(40, 8).unwrap();
        let class = class_of(layout).unwrap();
        // Whatever earlier tests on this thread left in the bin, empty it first.
        while let Some(block) = take(class) {
            unsafe { System.dealloc(block, class_layout(class)) };
        }
        unsafe {
            let a = ThreadCache.alloc(layout);
            ThreadCache.dealloc(a, layout);
            assert_eq!(ThreadCache.alloc(layout), a, "the block just freed comes back");
            let more: Vec<_> = (0..capacity(class) + 5).map(|_| ThreadCache.alloc(layout)).collect();
            ThreadCache.dealloc(a, layout);
            for &p in &more {
                ThreadCache.dealloc(p, layout);
            }
            let kept = with_bin(class, |bin| bin.len).unwrap();
            assert_eq!(kept, capacity(class), "a full bin hands the rest back");
        }
    }
}
