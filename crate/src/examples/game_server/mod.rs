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
use crate::runtime::contract::{facts, no_cross_checks, Example, Outcome};
use crate::runtime::{Cancelled, RunContext};
use std::sync::atomic::Ordering::Relaxed;
use strategies::Players;
use world::{plan, Action, GameState, Player};

pub const EXAMPLE: Example = Example {
    id: "game-server",
    sources: &[
        crate::source_file!(Chapter, "game_server/strategies.rs"),
        crate::source_file!(Harness, "game_server/mod.rs"),
        crate::source_file!(Harness, "game_server/world.rs"),
    ],
    params: &[
        ParamSpec::int("players", 64, 1, 1024),
        ParamSpec::int("actions", 2000, 1, 1_000_000),
        ParamSpec::choice("strategy", "mutex", Strategy::NAMES),
        ParamSpec::int("regions", 8, 1, 256),
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
        .metric("longLockWaits", totals.long_waits.load(Relaxed) as f64)
        .metric("playersSeen", totals.seen.load(Relaxed) as f64)
        .metric("sequentialMs", sequential_ms)
        .check(
            "applied-once",
            applied == submitted,
            // How many updates were lost: the racy variant's lesson, in one figure.
            facts([
                ("submitted", submitted.into()),
                ("applied", applied.into()),
                ("lost", submitted.saturating_sub(applied).into()),
            ]),
        )
        .check(
            "matches-replay",
            differ == 0,
            facts([("differ", differ.into()), ("regions", regions.into())]),
        );
    Ok(match strategy {
        Strategy::Racy => outcome.broken_on_purpose("racy"),
        Strategy::Deadlock => outcome.broken_on_purpose("deadlock"),
        _ => outcome,
    })
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
}
