//! The threaded wasm build's per-thread allocator cache, driven natively through the
//! `GlobalAlloc` interface from several threads at once: random sizes and alignments, blocks
//! freed on a thread other than the one that allocated them, grown and shrunk in place and
//! across size classes. Every live block carries its own pattern; a block handed out twice, or
//! overwritten by the cache's own links, breaks a pattern. Native only (proptest); in the
//! browser every example run and the soak go through the cache.
#![cfg(not(target_arch = "wasm32"))]

use concurrency_playground::runtime::thread_cache::{ThreadCache, MAX_CACHED};
use proptest::prelude::*;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::mpsc;

#[derive(Debug, Clone)]
enum Op {
    Alloc {
        size: usize,
        align_log2: u32,
        zeroed: bool,
    },
    Free(usize),
    Realloc(usize, usize),
    /// Hands a live block to the next thread, which frees it.
    Pass(usize),
}

fn op() -> impl Strategy<Value = Op> {
    // Mostly cached sizes, some just past the largest class, some far past it.
    let size = prop_oneof![8 => 0..=MAX_CACHED, 1 => MAX_CACHED..MAX_CACHED + 64, 1 => 0usize..4096];
    prop_oneof![
        4 => (size.clone(), 0u32..=6, any::<bool>())
            .prop_map(|(size, align_log2, zeroed)| Op::Alloc { size, align_log2, zeroed }),
        2 => any::<usize>().prop_map(Op::Free),
        2 => (any::<usize>(), size).prop_map(|(i, size)| Op::Realloc(i, size)),
        1 => any::<usize>().prop_map(Op::Pass),
    ]
}

struct Block {
    ptr: usize,
    layout: Layout,
    fill: u8,
}

impl Block {
    fn bytes(&self) -> &[u8] {
        unsafe { std::slice::from_raw_parts(self.ptr as *const u8, self.layout.size()) }
    }

    /// Writes the block's own pattern over all of it.
    fn paint(&self) {
        unsafe { (self.ptr as *mut u8).write_bytes(self.fill, self.layout.size()) };
    }

    fn check(&self) {
        assert!(self.ptr.is_multiple_of(self.layout.align()), "block misaligned for {:?}", self.layout);
        assert!(self.bytes().iter().all(|&b| b == self.fill), "block of {:?} was overwritten", self.layout);
    }

    fn free(self) {
        self.check();
        unsafe { ThreadCache.dealloc(self.ptr as *mut u8, self.layout) };
    }
}

/// One thread's part: runs `ops`, frees what the previous thread passes it, passes blocks on.
fn run(thread: u8, ops: Vec<Op>, passed_in: mpsc::Receiver<Block>, pass_on: mpsc::Sender<Block>) {
    let mut live: Vec<Block> = Vec::new();
    let mut fills = (thread as u32 * 61 + 1..).map(|n| (n % 251) as u8 + 1);
    for op in ops {
        while let Ok(block) = passed_in.try_recv() {
            block.free();
        }
        match op {
            Op::Alloc { size, align_log2, zeroed } => {
                let layout = Layout::from_size_align(size, 1 << align_log2).unwrap();
                let ptr = unsafe {
                    if zeroed {
                        ThreadCache.alloc_zeroed(layout)
                    } else {
                        ThreadCache.alloc(layout)
                    }
                };
                assert!(!ptr.is_null());
                let block = Block { ptr: ptr as usize, layout, fill: fills.next().unwrap() };
                if zeroed {
                    assert!(block.bytes().iter().all(|&b| b == 0), "alloc_zeroed gave dirty bytes");
                }
                block.paint();
                live.push(block);
            }
            Op::Free(i) if !live.is_empty() => live.swap_remove(i % live.len()).free(),
            Op::Realloc(i, size) if !live.is_empty() => {
                let i = i % live.len();
                let old = &live[i];
                old.check();
                let kept = old.layout.size().min(size);
                let ptr = unsafe { ThreadCache.realloc(old.ptr as *mut u8, old.layout, size) };
                assert!(!ptr.is_null());
                let layout = Layout::from_size_align(size, old.layout.align()).unwrap();
                let block = Block { ptr: ptr as usize, layout, fill: old.fill };
                assert!(block.bytes()[..kept].iter().all(|&b| b == block.fill), "realloc lost bytes");
                block.paint();
                live[i] = block;
            }
            Op::Pass(i) if !live.is_empty() => {
                let block = live.swap_remove(i % live.len());
                if let Err(mpsc::SendError(block)) = pass_on.send(block) {
                    block.free(); // the next thread has finished already
                }
            }
            _ => {}
        }
    }
    live.into_iter().for_each(Block::free);
    drop(pass_on);
    for block in passed_in {
        block.free();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn blocks_stay_whole_and_distinct_across_threads(
        threads in prop::collection::vec(prop::collection::vec(op(), 0..400), 1..=4),
    ) {
        let n = threads.len();
        let (senders, receivers): (Vec<_>, Vec<_>) = (0..n).map(|_| mpsc::channel::<Block>()).unzip();
        let mut receivers: Vec<_> = receivers.into_iter().map(Some).collect();
        std::thread::scope(|s| {
            for (t, ops) in threads.into_iter().enumerate() {
                let passed_in = receivers[t].take().unwrap();
                let pass_on = senders[(t + 1) % n].clone();
                s.spawn(move || run(t as u8, ops, passed_in, pass_on));
            }
            drop(senders);
        });
    }
}

#[test]
fn the_stress_test_sees_a_block_handed_out_twice() {
    // What the property test relies on: a block reused while still live shows as overwritten.
    let layout = Layout::from_size_align(48, 8).unwrap();
    let a = Block { ptr: unsafe { ThreadCache.alloc(layout) } as usize, layout, fill: 7 };
    a.paint();
    unsafe { ThreadCache.dealloc(a.ptr as *mut u8, layout) }; // freed while `a` is still "live"
    let b = Block { ptr: unsafe { ThreadCache.alloc(layout) } as usize, layout, fill: 9 };
    b.paint();
    let caught = std::panic::catch_unwind(|| a.check()).is_err();
    b.free();
    assert!(caught, "a block given to two owners must break the first owner's pattern");
}
