//! Game server: the chapter's `Arc<Mutex<GameState>>`, updated by one thread per player.
//!
//! Next to the chapter's one Mutex: an RwLock, a lock per region, and an actor thread that owns
//! the state. Every strategy gets the same actions (most of them reads: "whom can I see?"), and
//! the final state is compared with a sequential replay: a lock may make players wait, but
//! must never lose an update.

use crate::runtime::contract::{no_cross_checks, Example, Outcome};
use crate::params::{Options, ParamSpec, Resolved};
use crate::runtime::record::SpanKind;
use crate::runtime::{Cancelled, RunContext, Spawner};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::Duration;
use web_time::Instant;

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
               wrong.",
    sources: &[crate::source_file!(Chapter, "game_server/mod.rs")],
    params: &[
        ParamSpec::int("players", 64, 1, 1024, "player threads"),
        ParamSpec::int("actions", 2000, 1, 1_000_000, "actions per player"),
        ParamSpec::choice(
            "strategy",
            "mutex",
            Strategy::NAMES,
            "how the shared state is protected",
        ),
        ParamSpec::int("regions", 8, 1, 256, "regions of the map; player p plays in region p % regions"),
    ],
    size_param: "actions",
    validate: no_cross_checks,
    memory_estimate,
    run,
};

crate::options! {
    /// How the shared state is protected.
    pub enum Strategy { Mutex = "mutex", RwLock = "rwlock", Sharded = "sharded", Actor = "actor" }
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
    };
    2 * state + players * 256 + queued
}

const ARENA: i32 = 1 << 16;
const PLAN_ROUNDS: u32 = 16;
const SUBSTEPS: i32 = 16;
/// The line of sight is checked every this many units.
const SIGHT_STEP: i32 = 256;

/// Terrain at least this high blocks the view (one cell in sixteen).
const HILL: i32 = 240;

/// Height of the map at a point, 0..=255 on cells of 2048 units: hills block the view and
/// slopes push players. Computed, not stored, and the same in every run.
fn terrain(x: i32, y: i32) -> i32 {
    let cell = ((x >> 11) as u32 as u64) << 32 | (y >> 11) as u32 as u64;
    (cell.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as i32
}

#[derive(Debug, Clone, Copy)]
enum Action {
    /// Read: how many players of my region can I see within `radius`?
    Look { radius: i32 },
    /// Write: thrust for a few physics steps, then score.
    Move { ax: i32, ay: i32 },
}

/// A player's `index`-th action, the same in every run and strategy, so the final state can be
/// compared with a replay. The hashing stands in for the client deciding what to do: real
/// work that needs no lock.
fn plan(player: usize, index: usize) -> Action {
    let mut h = (player as u64) << 32 | index as u64;
    for _ in 0..PLAN_ROUNDS {
        h = (h ^ (h >> 31)).wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(1);
    }
    match h % 5 {
        0 => Action::Move { ax: (h >> 8) as i32 % 64, ay: (h >> 24) as i32 % 64 },
        _ => Action::Look { radius: 16384 + (h >> 40) as i32 % 32768 },
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Player {
    x: i32,
    y: i32,
    vx: i32,
    vy: i32,
    score: u64,
}

/// A region of the map: its players and its scoreboard. A player's moves change only its own
/// record and add to commutative totals, so the final state cannot depend on the interleaving.
#[derive(Debug, Default)]
struct Region {
    players: Vec<Player>,
    moves: u64,
    score: u64,
    /// An atomic because a read lock hands out only `&Region`, and looks are counted too.
    looks: AtomicU64,
}

impl PartialEq for Region {
    fn eq(&self, o: &Self) -> bool {
        let looks = self.looks.load(Relaxed) == o.looks.load(Relaxed);
        self.players == o.players && self.moves == o.moves && self.score == o.score && looks
    }
}

fn bounce(x: i32, v: i32) -> (i32, i32) {
    match x {
        x if x < 0 => (-x, -v),
        x if x > ARENA => (2 * ARENA - x, -v),
        x => (x, v),
    }
}

impl Region {
    /// Players met within `radius`: depends on where the others are now, so it is reported but
    /// not checked; reads change nothing but the `looks` count.
    fn look(&self, slot: usize, radius: i32) -> u64 {
        self.looks.fetch_add(1, Relaxed);
        let me = &self.players[slot];
        let visible = |o: &Player| {
            let (dx, dy) = (o.x - me.x, o.y - me.y);
            let steps = dx.abs().max(dy.abs()) / SIGHT_STEP + 1;
            let clear = |k| terrain(me.x + dx * k / steps, me.y + dy * k / steps) < HILL;
            dx.abs() + dy.abs() <= radius && (1..steps).all(clear)
        };
        let others = self.players.iter().enumerate().filter(|(i, _)| *i != slot);
        others.filter(|(_, o)| visible(o)).count() as u64
    }

    fn update_player(&mut self, slot: usize, action: Action) -> u64 {
        match action {
            Action::Look { radius } => self.look(slot, radius),
            Action::Move { ax, ay } => {
                self.apply_move(slot, ax, ay);
                0
            }
        }
    }

    fn apply_move(&mut self, slot: usize, ax: i32, ay: i32) {
        let p = &mut self.players[slot];
        for _ in 0..SUBSTEPS {
            // Thrust, drag, the slope underfoot, and bouncing off the arena's walls.
            let slope_x = terrain(p.x + 512, p.y) - terrain(p.x - 512, p.y);
            let slope_y = terrain(p.x, p.y + 512) - terrain(p.x, p.y - 512);
            p.vx += ax - p.vx / 8 - slope_x / 8;
            p.vy += ay - p.vy / 8 - slope_y / 8;
            (p.x, p.vx) = bounce(p.x + p.vx, p.vx);
            (p.y, p.vy) = bounce(p.y + p.vy, p.vy);
        }
        // Points for ending near the centre; the region's scoreboard adds them up too.
        let off_centre = (p.x - ARENA / 2).abs() + (p.y - ARENA / 2).abs();
        let points = (ARENA - off_centre).max(0) as u64 >> 8;
        p.score += points;
        self.score += points;
        self.moves += 1;
    }
}

#[derive(Debug, PartialEq)]
struct GameState {
    regions: Vec<Region>,
}

impl GameState {
    fn new(players: usize, regions: usize) -> Self {
        let mut state = GameState { regions: (0..regions).map(|_| Region::default()).collect() };
        for p in 0..players {
            let (x, y) = ((p as i32 * 7919) % ARENA, (p as i32 * 104_729) % ARENA);
            let player = Player { x, y, ..Player::default() };
            state.regions[p % regions].players.push(player);
        }
        state
    }

    /// The chapter's `state.update_player(player.id, player.action)`.
    fn update_player(&mut self, player: usize, action: Action) -> u64 {
        let r = self.regions.len();
        self.regions[player % r].update_player(player / r, action)
    }

    fn look(&self, player: usize, radius: i32) -> u64 {
        let r = self.regions.len();
        self.regions[player % r].look(player / r, radius)
    }
}

/// What the players count themselves, independently of the state.
#[derive(Default)]
struct Totals {
    submitted: AtomicU64,
    wait_ns: AtomicU64,
    worst_wait_ns: AtomicU64,
    seen: AtomicU64,
}

struct Players<'a> {
    ctx: &'a RunContext,
    count: usize,
    actions: usize,
    totals: Totals,
}

impl<'a> Players<'a> {
    /// The chapter's loop: one thread per player, each with its own handle on the shared state
    /// (`Arc::clone(&game_state)`, or a clone of the actor's `Sender`), handing its actions to
    /// `submit`, which returns players seen and the time spent waiting to get the action in.
    fn spawn<S: Clone + Send + 'a>(
        &'a self,
        s: &mut Spawner<'a>,
        game_state: &S,
        submit: &'a (impl Fn(&S, usize, Action) -> (u64, Duration) + Sync),
    ) {
        for player in 0..self.count {
            let state = game_state.clone();
            s.spawn(move || self.play(player, |action| submit(&state, player, action)));
        }
    }

    /// One player's thread: decide each action (no lock needed), then submit it.
    fn play(&self, player: usize, submit: impl Fn(Action) -> (u64, Duration)) {
        let (mut submitted, mut seen, mut wait, mut worst) = (0, 0, Duration::ZERO, Duration::ZERO);
        for index in 0..self.actions {
            if self.ctx.is_cancelled() {
                break;
            }
            let action = self.ctx.task(SpanKind::Work, || plan(player, index));
            let (s, waited) = submit(action);
            (seen, wait, worst) = (seen + s, wait + waited, worst.max(waited));
            submitted += 1;
            if submitted % 64 == 0 {
                self.ctx.advance(64);
            }
        }
        self.ctx.advance(submitted % 64);
        let totals = &self.totals;
        totals.submitted.fetch_add(submitted, Relaxed);
        totals.seen.fetch_add(seen, Relaxed);
        totals.wait_ns.fetch_add(wait.as_nanos() as u64, Relaxed);
        totals.worst_wait_ns.fetch_max(worst.as_nanos() as u64, Relaxed);
    }
}

/// Waits for a lock, runs `f` while holding it, and puts both on the timeline. Returns f's
/// result and how long the wait took. Both spans are recorded after the release, so recording
/// never lengthens the time the lock is held.
fn locked<G, R>(ctx: &RunContext, lock: impl FnOnce() -> G, f: impl FnOnce(G) -> R) -> (R, Duration) {
    let asked = Instant::now();
    let guard = lock();
    let got = Instant::now();
    let out = f(guard); // f drops the guard: the lock is released here
    let released = Instant::now();
    ctx.span_between(SpanKind::LockWait, asked, got);
    ctx.span_between(SpanKind::LockHold, got, released);
    (out, got - asked)
}

fn run(p: &Resolved, ctx: &RunContext) -> Result<Outcome, Cancelled> {
    let (count, actions, regions) = (p.usize("players"), p.usize("actions"), p.usize("regions"));
    ctx.set_progress_total((count * actions) as u64);
    let totals = Totals::default();
    let players = &Players { ctx, count, actions, totals };
    let new_game = || GameState::new(count, regions);

    let final_state = match p.choice::<Strategy>("strategy") {
        Strategy::Mutex => {
            // The chapter's code: one lock around the whole game, for reads and writes alike.
            let game_state = Arc::new(Mutex::new(new_game()));
            let submit = |state: &Arc<Mutex<GameState>>, player: usize, action| {
                locked(ctx, || state.lock().unwrap(), |mut g| g.update_player(player, action))
            };
            ctx.run_threads(|s| players.spawn(s, &game_state, &submit));
            Arc::into_inner(game_state).unwrap().into_inner().unwrap()
        }
        Strategy::RwLock => {
            // Looks take the lock shared, so they run side by side; a move waits for all of them.
            let game_state = Arc::new(RwLock::new(new_game()));
            let submit = |state: &Arc<RwLock<GameState>>, player: usize, action| match action {
                Action::Look { radius } => locked(ctx, || state.read().unwrap(), |g| g.look(player, radius)),
                Action::Move { .. } => {
                    locked(ctx, || state.write().unwrap(), |mut g| g.update_player(player, action))
                }
            };
            ctx.run_threads(|s| players.spawn(s, &game_state, &submit));
            Arc::into_inner(game_state).unwrap().into_inner().unwrap()
        }
        Strategy::Sharded => {
            // A lock per region: a player only ever waits for players of its own region.
            let shards: Vec<Mutex<Region>> = new_game().regions.into_iter().map(Mutex::new).collect();
            let game_state = Arc::new(shards);
            let submit = |shards: &Arc<Vec<Mutex<Region>>>, player: usize, action| {
                let (region, slot) = (&shards[player % regions], player / regions);
                locked(ctx, || region.lock().unwrap(), |mut g| g.update_player(slot, action))
            };
            ctx.run_threads(|s| players.spawn(s, &game_state, &submit));
            let shards = Arc::into_inner(game_state).unwrap().into_iter();
            GameState { regions: shards.map(|m| m.into_inner().unwrap()).collect() }
        }
        Strategy::Actor => {
            // No lock: one owner thread holds the state, and players send it their actions.
            let mut game_state = new_game();
            let (tx, rx) = mpsc::channel::<(usize, Action)>();
            let state = &mut game_state;
            let owner = move || {
                let mut seen = 0;
                for (player, action) in rx {
                    if ctx.is_cancelled() {
                        break; // a long queue would take a while to drain; nobody needs it now
                    }
                    seen += ctx.task(SpanKind::Work, || state.update_player(player, action));
                }
                players.totals.seen.fetch_add(seen, Relaxed);
            };
            let submit = |tx: &mpsc::Sender<(usize, Action)>, player, action| {
                let asked = Instant::now();
                // Fails only once the owner has stopped for a cancel, which the player sees next.
                tx.send((player, action)).ok();
                ctx.span(SpanKind::Send, asked);
                (0, asked.elapsed()) // the actor's "wait" is the send
            };
            ctx.run_threads(|s| {
                // The owner blocks until every player has hung up, holding its worker. With two
                // or more workers it goes first and applies actions as they arrive. With one, it
                // must go last: first it would wait forever for players that never start. The
                // channel is unbounded, so players never block and can all finish before it.
                let mut last = Some(owner);
                if ctx.threads() >= 2 {
                    s.spawn(last.take().unwrap());
                }
                players.spawn(s, &tx, &submit);
                drop(tx); // only players hold senders now: the owner stops when they are done
                if let Some(owner) = last {
                    s.spawn(owner);
                }
            });
            game_state
        }
    };
    let run_ms = ctx.elapsed_ms();
    ctx.check_cancel()?;

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

    Ok(Outcome::default()
        .metric("submitted", submitted as f64)
        .metric("applied", applied as f64)
        .metric("updatesPerSec", applied as f64 / (run_ms / 1000.0))
        .metric("lockWaitMs", totals.wait_ns.load(Relaxed) as f64 / 1e6)
        .metric("worstLockWaitMs", totals.worst_wait_ns.load(Relaxed) as f64 / 1e6)
        .metric("playersSeen", totals.seen.load(Relaxed) as f64)
        .metric("sequentialMs", sequential_ms)
        .check_equal("every action applied exactly once", ("submitted", submitted), ("applied", applied))
        .check(
            "final state equals a sequential replay",
            differ == 0,
            format!("{differ} of {regions} regions differ from the replay"),
        ))
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
}
