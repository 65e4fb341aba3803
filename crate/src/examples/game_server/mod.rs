//! Game server: the chapter's `Arc<Mutex<GameState>>`, updated by one thread per player.
//!
//! Next to the chapter's one Mutex: an RwLock, a lock per region, and an actor thread that owns
//! the state. Every strategy gets the same actions (most of them reads: "whom can I see?"), and
//! the final state is compared with a sequential replay: a lock may make players wait, but
//! must never lose an update.
//!
//! The chapter's code is `strategies.rs`. This file is the harness: parameters, memory
//! estimate, the run and its checks; `world.rs` holds the game's rules.

mod strategies;
mod world;

use crate::params::{Options, ParamSpec, Resolved};
use crate::runtime::contract::{no_cross_checks, Example, Outcome};
use crate::runtime::{Cancelled, RunContext};
use std::sync::atomic::Ordering::Relaxed;
use strategies::Players;
use world::{plan, Action, GameState, Player};

pub const EXAMPLE: Example = Example {
    id: "game-server",
    title: "Game server (Arc<Mutex<GameState>>)",
    summary: "One thread per player updates a shared game state: behind one Mutex (the chapter's \
              code), an RwLock, a lock per region, or an actor thread that owns the state.",
    look_for: "With \"mutex\" every look and move queues for the one lock: watch lockWaitMs and \
               the lock-wait stripes grow as you add threads. \"rwlock\" lets the many looks \
               share the lock; \"sharded\" only makes players of the same region wait; \
               \"actor\" has no lock (its lockWaitMs is time spent sending), but one thread \
               does every update. The checks stay green in every case: waiting is slow, never \
               wrong. \"racy\" is broken on purpose: no lock, as in the C++ code, and with 2 \
               workers or more its checks turn red with the updates it lost. \"deadlock\" \
               (also broken on purpose) locks two regions in opposite orders: on 2 workers the \
               runtime catches the deadlock and names it; \"ordered\", the fix, always locks \
               the lower-numbered region first and passes.",
    sources: &[
        crate::source_file!(Chapter, "game_server/strategies.rs"),
        crate::source_file!(Harness, "game_server/mod.rs"),
        crate::source_file!(Harness, "game_server/world.rs"),
    ],
    params: &[
        ParamSpec::int("players", 64, 1, 1024, "player threads"),
        ParamSpec::int("actions", 2000, 1, 1_000_000, "actions per player"),
        ParamSpec::choice("strategy", "mutex", Strategy::NAMES, "how the shared state is protected"),
        ParamSpec::int("regions", 8, 1, 256, "regions of the map; player p plays in region p % regions"),
    ],
    size_param: "actions",
    validate: no_cross_checks,
    memory_estimate,
    run,
};

crate::options! {
    /// How the shared state is protected.
    pub enum Strategy {
        Mutex = "mutex",
        RwLock = "rwlock",
        Sharded = "sharded",
        Actor = "actor",
        /// Broken on purpose: no lock, updates lost as in a data race.
        Racy = "racy",
        /// Broken on purpose: two regions locked in opposite orders deadlock.
        Deadlock = "deadlock",
        /// The fix: the two regions locked in one global order.
        Ordered = "ordered",
    }
}

/// The state twice (the run's and the replay's; vectors may hold up to twice their length) and
/// a queued thread per player, plus, for "actor", every action queued at once in the worst case
/// (one worker: all players send before the owner starts; a channel slot has a state word).
fn memory_estimate(p: &Resolved) -> u64 {
    let (players, actions) = (p.int("players"), p.int("actions"));
    let state = 2 * players * size_of::<Player>() as u64 + p.int("regions") * 256;
    let queued = match p.choice::<Strategy>("strategy") {
        Strategy::Actor => players * actions * (size_of::<(usize, Action)>() as u64 + 16),
        Strategy::Mutex | Strategy::RwLock | Strategy::Sharded => 0,
        Strategy::Deadlock | Strategy::Ordered => 0,
        // Every update copies the state: one copy per worker at a time.
        Strategy::Racy => 64 * state,
    };
    2 * state + players * 256 + queued
}

fn run(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let (count, actions, regions) = (p.usize("players"), p.usize("actions"), p.usize("regions"));
    ctx.set_progress_total((count * actions) as u64);
    let players = &Players::new(ctx, count, actions);
    let new_game = || GameState::new(count, regions);

    let strategy = p.choice::<Strategy>("strategy");
    let final_state = match strategy {
        Strategy::Mutex => strategies::mutex(new_game(), players),
        Strategy::RwLock => strategies::rwlock(new_game(), players),
        Strategy::Sharded => strategies::sharded(new_game(), players),
        Strategy::Actor => strategies::actor(new_game(), players),
        Strategy::Racy => strategies::racy(new_game(), players),
        Strategy::Deadlock => strategies::deadlock(new_game(), players),
        Strategy::Ordered => strategies::ordered(new_game(), players),
    };
    let run_ms = ctx.elapsed_ms();
    ctx.check_cancel()?;
    #[cfg(feature = "fault-injection")]
    let final_state = sabotaged(final_state);

    // Checks, outside the timed part: the same actions one after another, without threads.
    let (replay, sequential_ms) = ctx.verify(|| {
        let mut state = new_game();
        for player in 0..count {
            for index in 0..actions {
                // black_box: the replay does the looks too, though it ignores their answers.
                std::hint::black_box(state.update_player(player, plan(player, index)));
            }
        }
        state
    });
    let totals = &players.totals;
    let submitted = totals.submitted.load(Relaxed);
    let applied: u64 = final_state.regions.iter().map(|r| r.moves + r.looks.load(Relaxed)).sum();
    let differ = final_state.regions.iter().zip(&replay.regions).filter(|(a, b)| a != b).count();

    let outcome = Outcome::default()
        .metric("submitted", submitted as f64)
        .metric("applied", applied as f64)
        .metric("updatesPerSec", applied as f64 / (run_ms / 1000.0))
        .metric("lockWaitMs", totals.wait_ns.load(Relaxed) as f64 / 1e6)
        .metric("worstLockWaitMs", totals.worst_wait_ns.load(Relaxed) as f64 / 1e6)
        .metric("playersSeen", totals.seen.load(Relaxed) as f64)
        .metric("sequentialMs", sequential_ms)
        .check("every action applied exactly once", applied == submitted, applied_detail(submitted, applied))
        .check(
            "final state equals a sequential replay",
            differ == 0,
            format!("{differ} of {regions} regions differ from the replay"),
        );
    Ok(match strategy {
        Strategy::Racy => outcome.broken_on_purpose(RACY_LESSON),
        Strategy::Deadlock => outcome.broken_on_purpose(DEADLOCK_LESSON),
        _ => outcome,
    })
}

const RACY_LESSON: &str = "\"racy\" updates the shared state without a lock, as the chapter's \
    C++ code does. Each load and store is atomic, so Rust compiles it, but \
    an update is three steps (read, change, write back) and another worker's update that lands \
    in between is overwritten. With 2 workers or more the checks fail: the red is the lesson, \
    not a bug. With 1 worker nobody comes between the steps, and nothing is lost.";

const DEADLOCK_LESSON: &str = "\"deadlock\" locks two regions in opposite orders: a player \
    holds its own region and waits for its partner's, while the partner's player holds that one \
    and waits for the first. Rust does not prevent this. On 2 workers or more it deadlocks, and \
    the runtime names the cycle in a DeadlockError. This run finished: with 1 worker the players \
    run one after another, so nobody ever holds a region while another waits for it (or, on \
    more workers, no two partners met at the wrong moment this time). \"ordered\" is the fix.";

/// The count check's detail: both counts, and when they differ, how many updates were lost.
fn applied_detail(submitted: u64, applied: u64) -> String {
    match submitted.checked_sub(applied) {
        Some(0) => format!("submitted = {submitted}, applied = {applied}"),
        Some(lost) => format!(
            "expected {} updates, {} arrived — {} lost",
            grouped(submitted),
            grouped(applied),
            grouped(lost)
        ),
        None => format!("expected {} updates, {} arrived", grouped(submitted), grouped(applied)),
    }
}

/// 128000 as "128,000".
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Tests only: a move that never reached the state, or an action applied a second time (see
/// runtime::sabotage).
#[cfg(feature = "fault-injection")]
fn sabotaged(mut state: GameState) -> GameState {
    use crate::runtime::sabotage::{take, Sabotage};
    match take() {
        Some(Sabotage::LoseOne) => {
            if let Some(region) = state.regions.iter_mut().find(|r| r.moves > 0) {
                region.moves -= 1;
            }
        }
        Some(Sabotage::ApplyOneTwice) => {
            state.update_player(0, plan(0, 0));
        }
        None => {}
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_update_shows_in_the_replay() {
        let mut all = GameState::new(4, 2);
        let mut lost = GameState::new(4, 2);
        for index in 0..50 {
            all.update_player(3, plan(3, index));
            if index != 10 {
                lost.update_player(3, plan(3, index));
            }
        }
        assert_ne!(all, lost);
        assert!(all.regions[1].moves > 0 && all.regions[1].looks.load(Relaxed) > 0);
    }

    #[test]
    fn the_racy_words_hold_the_whole_state() {
        let mut state = GameState::new(10, 3);
        for index in 0..40 {
            state.update_player(index % 10, plan(index % 10, index));
        }
        assert_eq!(world::AtomicGame::new(&state).read(), state);
    }

    #[test]
    fn lost_updates_are_counted_in_words() {
        assert_eq!(applied_detail(128_000, 128_000), "submitted = 128000, applied = 128000");
        assert_eq!(applied_detail(128_000, 97_312), "expected 128,000 updates, 97,312 arrived — 30,688 lost");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(999), "999");
    }
}
