//! Who holds which lock and who waits for which, in shared memory, so that a deadlock can be
//! seen from outside the deadlocked workers.
//!
//! An example that wants its locks watched takes them with [`RunContext::lock`]
//! (a `Mutex::lock` that also writes here). Each worker writes only its own slot: the lock it
//! waits for and the locks it holds. The runtime's own thread, which is not in the pool, reads
//! every slot every few tens of milliseconds while the run goes on ([`Watch::poll`]); a cycle in
//! the wait-for graph ("worker 0 waits for a lock worker 1 holds, which waits for one worker 0
//! holds") that stays put between two reads is a deadlock. Deadlocked workers cannot be woken,
//! so the runtime records the cycle as a fault and the page replaces the pool (natively, the
//! stuck threads stay stuck: the tests that deadlock run in a process of their own).
//!
//! [`RunContext::lock`]: super::contract::RunContext::lock

use super::spin::spin_then_wait;
use crossbeam_utils::CachePadded;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use web_time::Instant;

/// Slots in the table: as many workers as the page's largest pool.
pub const WORKERS: usize = 64;
/// Locks one worker may be seen holding at once; more are held but not recorded.
pub const HELD: usize = 4;
/// Kinds of lock ("region", …) the table can name.
const NOUNS: usize = 8;

/// A lock as the messages name it: what it guards and its number, "region 2".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockName {
    pub noun: &'static str,
    pub number: u32,
}

impl fmt::Display for LockName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.noun, self.number)
    }
}

static NOUN_NAMES: [OnceLock<&'static str>; NOUNS] = [const { OnceLock::new() }; NOUNS];

/// A lock as one word: 0 is none, else `(noun << 24 | number) + 1`.
fn encode(lock: LockName) -> u32 {
    let noun = NOUN_NAMES.iter().position(|n| *n.get_or_init(|| lock.noun) == lock.noun);
    let noun = noun.unwrap_or(NOUNS - 1) as u32;
    ((noun << 24) | (lock.number & 0xff_ffff)) + 1
}

fn decode(word: u32) -> Option<LockName> {
    let code = word.checked_sub(1)?;
    let noun = NOUN_NAMES[(code >> 24) as usize % NOUNS].get().copied().unwrap_or("lock");
    Some(LockName { noun, number: code & 0xff_ffff })
}

/// One worker's record. Only that worker writes it.
struct Slot {
    /// Bumped after every change, so a reader can tell a state that lasted from a passing one.
    changes: AtomicU32,
    waits_for: AtomicU32,
    /// When the current wait began, in µs since [`clock_origin`], for the timeline of the
    /// last waits (a deadlocked wait never ends, so it is never recorded as a span).
    waiting_since_us: AtomicU32,
    holds: [AtomicU32; HELD],
}

fn clock_origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

pub struct LockTable {
    /// A cache line each: a worker's writes must not take the line of the slots beside it.
    slots: [CachePadded<Slot>; WORKERS],
}

pub static LOCKS: LockTable = LockTable {
    slots: [const {
        CachePadded::new(Slot {
            changes: AtomicU32::new(0),
            waits_for: AtomicU32::new(0),
            waiting_since_us: AtomicU32::new(0),
            holds: [const { AtomicU32::new(0) }; HELD],
        })
    }; WORKERS],
};

/// What one worker holds and waits for, as read from the table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkerLocks {
    pub holds: Vec<LockName>,
    pub waits_for: Option<LockName>,
}

impl LockTable {
    /// Forgets every record; called before a run starts, with no worker running.
    pub fn reset(&self) {
        for slot in &self.slots {
            slot.waits_for.store(0, SeqCst);
            slot.holds.iter().for_each(|h| h.store(0, SeqCst));
            slot.changes.fetch_add(1, SeqCst);
        }
    }

    fn mine(&self) -> Option<&Slot> {
        self.slots.get(rayon::current_thread_index()?).map(|slot| &**slot)
    }

    fn waiting(&self, code: u32) {
        if let Some(slot) = self.mine() {
            let since = clock_origin().elapsed().as_micros().min(u32::MAX as u128) as u32;
            slot.waiting_since_us.store(since, SeqCst);
            slot.waits_for.store(code, SeqCst);
            slot.changes.fetch_add(1, SeqCst);
        }
    }

    /// The wait ends before the hold is written: a reader may miss the hold for an instant,
    /// but never sees a worker waiting for a lock it holds itself.
    fn acquired(&self, code: u32) {
        if let Some(slot) = self.mine() {
            slot.waits_for.store(0, SeqCst);
            if let Some(free) = slot.holds.iter().find(|h| h.load(SeqCst) == 0) {
                free.store(code, SeqCst);
            }
            slot.changes.fetch_add(1, SeqCst);
        }
    }

    fn released(&self, code: u32) {
        if let Some(slot) = self.mine() {
            if let Some(held) = slot.holds.iter().find(|h| h.load(SeqCst) == code) {
                held.store(0, SeqCst);
            }
            slot.changes.fetch_add(1, SeqCst);
        }
    }

    /// Worker `i`'s record and its change count, or `None` if it changed while being read.
    fn read(&self, i: usize) -> Option<(u32, WorkerLocks)> {
        let slot = &self.slots[i];
        let before = slot.changes.load(SeqCst);
        let waits_for = decode(slot.waits_for.load(SeqCst));
        let holds = slot.holds.iter().filter_map(|h| decode(h.load(SeqCst))).collect();
        (slot.changes.load(SeqCst) == before).then_some((before, WorkerLocks { holds, waits_for }))
    }
}

/// When worker `i`'s current wait began.
pub fn waiting_since(i: usize) -> Instant {
    let us = LOCKS.slots[i % WORKERS].waiting_since_us.load(SeqCst);
    clock_origin() + Duration::from_micros(us.into())
}

/// A guard from [`lock`]: the `MutexGuard`, and the table's record of the hold, which its drop
/// clears just before the mutex is unlocked.
pub struct Watched<'a, T> {
    guard: MutexGuard<'a, T>,
    code: u32,
}

impl<T> Deref for Watched<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T> DerefMut for Watched<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<T> Drop for Watched<'_, T> {
    fn drop(&mut self) {
        // The guard field is dropped after this: the record goes first, then the lock.
        LOCKS.released(self.code);
    }
}

/// `mutex.lock()`, recorded in the table as a wait for `name` and then a hold of it.
pub fn lock<'a, T>(mutex: &'a Mutex<T>, name: LockName) -> Watched<'a, T> {
    let code = encode(name);
    LOCKS.waiting(code);
    // A panic while the lock was held poisons it; the data is still what that thread left.
    // Tried for a moment first in the browser, as std's locks do natively (super::spin).
    let guard = spin_then_wait(|| mutex.try_lock().ok(), || mutex.lock().unwrap_or_else(|e| e.into_inner()));
    LOCKS.acquired(code);
    Watched { guard, code }
}

/// One step of a deadlock: `worker` holds `holds` and waits for `waits_for`, which the next
/// worker of the cycle holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub worker: usize,
    pub holds: LockName,
    pub waits_for: LockName,
}

/// A cycle in the wait-for graph, from its lowest-numbered worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Cycle(pub Vec<Link>);

impl Cycle {
    /// The cycle without English words, for a catalog message in any language: each worker
    /// with the lock it holds and the one it waits for, the locks as code
    /// ("worker 0: `region 2` → `region 3`; worker 1: `region 3` → `region 2`").
    pub fn chain(&self) -> String {
        let links: Vec<String> = self
            .0
            .iter()
            .map(|link| format!("worker {}: `{}` → `{}`", link.worker, link.holds, link.waits_for))
            .collect();
        links.join("; ")
    }
}

impl fmt::Display for Cycle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, link) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { "; " };
            write!(f, "{sep}worker {} holds {} and waits for {}", link.worker, link.holds, link.waits_for)?;
        }
        Ok(())
    }
}

/// Finds a cycle among `workers` (worker id and what it holds and waits for): each worker
/// waits for a lock that the next one holds, and the last waits for one the first holds.
pub fn find_cycle(workers: &[(usize, WorkerLocks)]) -> Option<Cycle> {
    // Each worker waits for at most one lock, so each has at most one successor: walk from
    // every worker and stop at the first worker seen twice on the same walk.
    let holder = |lock: LockName| workers.iter().position(|(_, w)| w.holds.contains(&lock));
    let next = |i: usize| workers[i].1.waits_for.and_then(holder);
    for start in 0..workers.len() {
        let mut path = vec![start];
        let mut at = start;
        while let Some(n) = next(at) {
            if let Some(pos) = path.iter().position(|&p| p == n) {
                let ring = &path[pos..];
                let first = (0..ring.len()).min_by_key(|&k| workers[ring[k]].0).unwrap_or(0);
                let links = (0..ring.len()).map(|k| {
                    let (prev, me) =
                        (ring[(first + k + ring.len() - 1) % ring.len()], ring[(first + k) % ring.len()]);
                    let waits_for = workers[me].1.waits_for.expect("on the ring, so waiting");
                    let holds = workers[prev].1.waits_for.expect("on the ring, so waiting");
                    Link { worker: workers[me].0, holds, waits_for }
                });
                return Some(Cycle(links.collect()));
            }
            if path.len() > workers.len() {
                break;
            }
            path.push(n);
            at = n;
        }
    }
    None
}

/// Watches the table during one run: a cycle counts as a deadlock once two reads in a row
/// find every worker on it unchanged (each read of a worker is of one moment; a worker whose
/// record did not change between two reads held it all along, so the cycle really existed).
#[derive(Default)]
pub struct Watch {
    last: Vec<Option<(u32, WorkerLocks)>>,
}

impl Watch {
    /// Reads the first `workers` slots; returns the deadlock if there is one.
    pub fn poll(&mut self, workers: usize) -> Option<Cycle> {
        let now: Vec<_> = (0..workers.min(WORKERS)).map(|i| LOCKS.read(i)).collect();
        let seen: Vec<(usize, WorkerLocks)> =
            now.iter().enumerate().filter_map(|(i, r)| Some((i, r.as_ref()?.1.clone()))).collect();
        let cycle = find_cycle(&seen).filter(|cycle| {
            cycle.0.iter().all(|link| {
                let count =
                    |reads: &[Option<(u32, WorkerLocks)>]| reads.get(link.worker)?.as_ref().map(|r| r.0);
                count(&now).is_some() && count(&now) == count(&self.last)
            })
        });
        self.last = now;
        cycle
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(number: u32) -> LockName {
        LockName { noun: "region", number }
    }

    fn worker(id: usize, holds: &[u32], waits_for: Option<u32>) -> (usize, WorkerLocks) {
        (
            id,
            WorkerLocks {
                holds: holds.iter().map(|&n| region(n)).collect(),
                waits_for: waits_for.map(region),
            },
        )
    }

    #[test]
    fn two_workers_waiting_for_each_other_are_a_cycle() {
        let cycle = find_cycle(&[worker(1, &[5], Some(2)), worker(0, &[2], Some(5))]).unwrap();
        assert_eq!(
            cycle.to_string(),
            "worker 0 holds region 2 and waits for region 5; worker 1 holds region 5 and waits for region 2"
        );
    }

    #[test]
    fn a_ring_of_three_is_found_from_any_start_and_bystanders_are_left_out() {
        let workers = [
            worker(7, &[9], None),
            worker(2, &[1], Some(3)),
            worker(3, &[3], Some(4)),
            worker(4, &[4], Some(1)),
            worker(5, &[], Some(9)),
        ];
        let cycle = find_cycle(&workers).unwrap();
        assert_eq!(cycle.0.iter().map(|l| l.worker).collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!(cycle.0[0], Link { worker: 2, holds: region(1), waits_for: region(3) });
        assert_eq!(cycle.0[2], Link { worker: 4, holds: region(4), waits_for: region(1) });
    }

    #[test]
    fn waiting_is_not_a_deadlock_without_a_cycle() {
        // A chain: 0 waits for 1, which waits for 2, which runs.
        assert_eq!(
            find_cycle(&[worker(0, &[1], Some(2)), worker(1, &[2], Some(3)), worker(2, &[3], None)]),
            None
        );
        // Waiting for a lock nobody holds (it is being handed over).
        assert_eq!(find_cycle(&[worker(0, &[1], Some(2)), worker(1, &[], Some(1))]), None);
        assert_eq!(find_cycle(&[]), None);
    }

    #[test]
    fn a_worker_on_a_chain_into_a_cycle_is_not_on_it() {
        let workers = [worker(0, &[], Some(1)), worker(1, &[1], Some(2)), worker(2, &[2], Some(1))];
        let cycle = find_cycle(&workers).unwrap();
        assert_eq!(cycle.0.iter().map(|l| l.worker).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn names_survive_the_table_encoding() {
        for name in [region(0), region(255), LockName { noun: "account", number: 70_000 }] {
            assert_eq!(decode(encode(name)), Some(name));
        }
        assert_eq!(decode(0), None);
    }
}
