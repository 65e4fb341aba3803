//! The chapter's game server, four ways: the shared state behind one `Mutex` (the chapter's
//! code), an `RwLock`, a lock per region, or an actor thread that owns it. Each strategy lets
//! one thread per player submit actions, and hands back the state once every player is done.
//! Then two broken on purpose: "racy", what the C++ code does with no lock at all, and
//! "deadlock", two locks taken in opposite orders, beside its fix, "ordered".

use super::world::{plan, Action, AtomicGame, GameState, Region};
use crate::runtime::record::SpanKind;
use crate::runtime::{spin_then_wait, Lap, RunContext, Spawner};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{mpsc, Arc, Mutex, RwLock};
use std::time::Duration;

/// The chapter's code: one lock around the whole game, for reads and writes alike.
pub(super) fn mutex(game: GameState, players: &Players) -> GameState {
    let ctx = players.ctx;
    let game_state = Arc::new(Mutex::new(game));
    let submit = |state: &Arc<Mutex<GameState>>, player: usize, action, clock: &mut Lap| {
        let take = || spin_then_wait(|| state.try_lock().ok(), || state.lock().unwrap());
        locked(clock, take, |mut g| g.update_player(player, action))
    };
    ctx.run_threads(|s| players.spawn(s, &game_state, &submit));
    Arc::into_inner(game_state).unwrap().into_inner().unwrap()
}

/// Looks take the lock shared, so they run side by side; a move waits for all of them.
pub(super) fn rwlock(game: GameState, players: &Players) -> GameState {
    let ctx = players.ctx;
    let game_state = Arc::new(RwLock::new(game));
    let submit = |state: &Arc<RwLock<GameState>>, player: usize, action, clock: &mut Lap| match action {
        Action::Look { radius } => {
            let take = || spin_then_wait(|| state.try_read().ok(), || state.read().unwrap());
            locked(clock, take, |g| g.look(player, radius))
        }
        Action::Move { .. } => {
            let take = || spin_then_wait(|| state.try_write().ok(), || state.write().unwrap());
            locked(clock, take, |mut g| g.update_player(player, action))
        }
    };
    ctx.run_threads(|s| players.spawn(s, &game_state, &submit));
    Arc::into_inner(game_state).unwrap().into_inner().unwrap()
}

/// A lock per region: a player only ever waits for players of its own region.
pub(super) fn sharded(game: GameState, players: &Players) -> GameState {
    let ctx = players.ctx;
    let regions = game.regions.len();
    let shards: Vec<Mutex<Region>> = game.regions.into_iter().map(Mutex::new).collect();
    let game_state = Arc::new(shards);
    let submit = |shards: &Arc<Vec<Mutex<Region>>>, player: usize, action, clock: &mut Lap| {
        let (region, slot) = (&shards[player % regions], player / regions);
        let take = || spin_then_wait(|| region.try_lock().ok(), || region.lock().unwrap());
        locked(clock, take, |mut g| g.update_player(slot, action))
    };
    ctx.run_threads(|s| players.spawn(s, &game_state, &submit));
    let shards = Arc::into_inner(game_state).unwrap().into_iter();
    GameState { regions: shards.map(|m| m.into_inner().unwrap()).collect() }
}

/// No lock: one owner thread holds the state, and players send it their actions.
pub(super) fn actor(mut game_state: GameState, players: &Players) -> GameState {
    let ctx = players.ctx;
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
    let submit = |tx: &mpsc::Sender<(usize, Action)>, player, action, clock: &mut Lap| {
        let asked = clock.mark();
        // Fails only once the owner has stopped for a cancel, which the player sees next.
        tx.send((player, action)).ok();
        let sent = clock.span(SpanKind::Send);
        (0, sent - asked) // the actor's "wait" is the send
    };
    ctx.run_threads(|s| {
        // The owner blocks until every player has hung up, holding its worker. With two or
        // more workers it goes first and applies actions as they arrive. With one, it must go
        // last: first it would wait forever for players that never start. The channel is
        // unbounded, so players never block and can all finish before it.
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

/// Broken on purpose: the C++ code's unsynchronised update, in safe Rust. There is no lock;
/// the state is a row of atomic words, and each update reads them all, changes its copy and
/// writes it back. Every load and every store is atomic, so this compiles; but read, change,
/// write back are separate steps, and whatever another player wrote in between is overwritten.
/// Those updates are lost, as in a data race. With one worker nobody comes between the steps.
pub(super) fn racy(game: GameState, players: &Players) -> GameState {
    let game_state = Arc::new(AtomicGame::new(&game));
    let submit = |state: &Arc<AtomicGame>, player: usize, action, _: &mut Lap| {
        let mut copy = state.read(); // 1. read
        let seen = copy.update_player(player, action); // 2. change
        state.write(&copy); // 3. write back: another player's update since step 1 is lost
        (seen, Duration::ZERO)
    };
    players.ctx.run_threads(|s| players.spawn(s, &game_state, &submit));
    game_state.read()
}

/// Broken on purpose: players trade across the border with the partner region (0 with 1,
/// 2 with 3, …). A move takes the player's own region, and then, still holding it, the
/// partner's, to see who is there to trade with. Two players of partner regions, each holding
/// its own and waiting for the other's, wait forever: a deadlock. Rust does not prevent it.
/// With one worker the players run one after another: nobody holds a region another waits for.
pub(super) fn deadlock(game: GameState, players: &Players) -> GameState {
    let ctx = players.ctx;
    trading(game, players, |regions, (mine, partner), trade, clock| {
        locked(
            clock,
            || ctx.lock(&regions[mine], "region", mine),
            |mut me| {
                let seen = me.update_player(trade.slot, trade.action);
                // Still holding `me`, whose player in the partner region may be waiting for it.
                let them = ctx.lock(&regions[partner], "region", partner);
                seen + them.crowd()
            },
        )
    })
}

/// The fix: the same two locks, always the lower-numbered region first. A worker then only
/// ever waits for a region numbered above every region it holds, so no cycle of waits closes.
pub(super) fn ordered(game: GameState, players: &Players) -> GameState {
    let ctx = players.ctx;
    trading(game, players, |regions, (mine, partner), trade, clock| {
        let (low, high) = (mine.min(partner), mine.max(partner));
        let both = || (ctx.lock(&regions[low], "region", low), ctx.lock(&regions[high], "region", high));
        locked(clock, both, |(low_guard, high_guard)| {
            let (mut me, them) = if mine == low { (low_guard, high_guard) } else { (high_guard, low_guard) };
            me.update_player(trade.slot, trade.action) + them.crowd()
        })
    })
}

/// A player's move, in its region's numbering.
pub(super) struct Trade {
    slot: usize,
    action: Action,
}

/// The sharded state, with `trade` taking the two regions a move needs (a look needs only the
/// player's own). `ctx.lock` is `Mutex::lock` (tried first, like `spin_then_wait`), watched by
/// the runtime for deadlocks.
fn trading(
    game: GameState,
    players: &Players,
    trade: impl Fn(&[Mutex<Region>], (usize, usize), Trade, &mut Lap) -> (u64, Duration) + Sync,
) -> GameState {
    let ctx = players.ctx;
    let regions = game.regions.len();
    let shards: Vec<Mutex<Region>> = game.regions.into_iter().map(Mutex::new).collect();
    let game_state = Arc::new(shards);
    let submit = |shards: &Arc<Vec<Mutex<Region>>>, player: usize, action, clock: &mut Lap| {
        let (mine, slot) = (player % regions, player / regions);
        let partner = if mine ^ 1 < regions { mine ^ 1 } else { mine }; // 0 with 1, 2 with 3, …
        match action {
            Action::Move { .. } if partner != mine => {
                trade(shards, (mine, partner), Trade { slot, action }, clock)
            }
            _ => locked(
                clock,
                || ctx.lock(&shards[mine], "region", mine),
                |mut me| me.update_player(slot, action),
            ),
        }
    };
    ctx.run_threads(|s| players.spawn(s, &game_state, &submit));
    let shards = Arc::into_inner(game_state).unwrap().into_iter();
    GameState { regions: shards.map(|m| m.into_inner().unwrap()).collect() }
}

/// The player threads, and what they count themselves, independently of the state.
pub(super) struct Players<'a> {
    ctx: &'a RunContext,
    count: usize,
    actions: usize,
    pub(super) totals: Totals,
}

#[derive(Default)]
pub(super) struct Totals {
    pub(super) submitted: AtomicU64,
    pub(super) wait_ns: AtomicU64,
    pub(super) worst_wait_ns: AtomicU64,
    /// Waits longer than [`SLEPT`]: the waiting thread slept and had to be woken.
    pub(super) long_waits: AtomicU64,
    pub(super) seen: AtomicU64,
}

/// A wait this long was not spent spinning (std spins a few microseconds at most natively, and
/// `spin_then_wait` 10 µs in the browser): the thread slept, and was woken when the lock came
/// free (or the system paused the waiter or the holder for a while).
pub(super) const SLEPT: Duration = Duration::from_micros(20);

impl<'a> Players<'a> {
    pub(super) fn new(ctx: &'a RunContext, count: usize, actions: usize) -> Self {
        Players { ctx, count, actions, totals: Totals::default() }
    }

    /// The chapter's loop: one thread per player, each with its own handle on the shared state
    /// (`Arc::clone(&game_state)`, or a clone of the actor's `Sender`), handing its actions to
    /// `submit`, which returns players seen and the time spent waiting to get the action in.
    fn spawn<S: Clone + Send + 'a>(
        &'a self,
        s: &mut Spawner<'a>,
        game_state: &S,
        submit: &'a (impl Fn(&S, usize, Action, &mut Lap) -> (u64, Duration) + Sync),
    ) {
        for player in 0..self.count {
            let state = game_state.clone();
            s.spawn(move || self.play(player, |action, clock| submit(&state, player, action, clock)));
        }
    }

    /// One player's thread: decide each action (no lock needed), then submit it. One clock read
    /// ends each step and starts the next: deciding ends where asking for the lock begins.
    fn play(&self, player: usize, submit: impl Fn(Action, &mut Lap) -> (u64, Duration)) {
        let (mut submitted, mut seen, mut long) = (0, 0, 0);
        let (mut wait, mut worst) = (Duration::ZERO, Duration::ZERO);
        let mut clock = self.ctx.lap();
        for index in 0..self.actions {
            if self.ctx.is_cancelled() {
                break;
            }
            let action = clock.task(SpanKind::Work, || plan(player, index));
            let (s, waited) = submit(action, &mut clock);
            (seen, wait, worst) = (seen + s, wait + waited, worst.max(waited));
            long += u64::from(waited > SLEPT);
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
        totals.long_waits.fetch_add(long, Relaxed);
    }
}

/// Waits for a lock (`take` takes it), runs `f` while holding it, and puts both on the
/// timeline. Returns f's result and how long the wait took. The wait starts at the clock's last
/// read (the player's last step ended there). Both spans are recorded after the release, so
/// recording never lengthens the time the lock is held.
///
/// In `mutex`, `rwlock` and `sharded`, `take` is the lock's own `lock()` (`read()`, `write()`)
/// after `spin_then_wait` has tried `try_lock()` for a few microseconds: std's locks do that by
/// themselves on a native CPU, but hardly at all in a browser (crate/src/runtime/spin.rs says
/// why, and what it changes).
fn locked<G, R>(clock: &mut Lap, take: impl FnOnce() -> G, f: impl FnOnce(G) -> R) -> (R, Duration) {
    let asked = clock.mark();
    let guard = take();
    let got = clock.read();
    let out = f(guard); // f drops the guard: the lock is released here
    let released = clock.read();
    clock.record(SpanKind::LockWait, asked, got);
    clock.record(SpanKind::LockHold, got, released);
    (out, got - asked)
}
