//! The game's world, the same for every strategy: terrain, the players' actions, and the rules
//! that apply them. Nothing here is concurrent; `strategies.rs` decides who may touch it when.

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

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
pub(super) enum Action {
    /// Read: how many players of my region can I see within `radius`?
    Look { radius: i32 },
    /// Write: thrust for a few physics steps, then score.
    Move { ax: i32, ay: i32 },
}

/// A player's `index`-th action, the same in every run and strategy, so the final state can be
/// compared with a replay. The hashing stands in for the client deciding what to do: real
/// work that needs no lock.
pub(super) fn plan(player: usize, index: usize) -> Action {
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
pub(super) struct Player {
    x: i32,
    y: i32,
    vx: i32,
    vy: i32,
    score: u64,
}

/// A region of the map: its players and its scoreboard. A player's moves change only its own
/// record and add to commutative totals, so the final state cannot depend on the interleaving.
#[derive(Debug, Default)]
pub(super) struct Region {
    players: Vec<Player>,
    pub(super) moves: u64,
    score: u64,
    /// An atomic because a read lock hands out only `&Region`, and looks are counted too.
    pub(super) looks: AtomicU64,
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

    /// Players in the region: who is there to trade with. Reads only, so it changes nothing.
    pub(super) fn crowd(&self) -> u64 {
        self.players.len() as u64
    }

    pub(super) fn update_player(&mut self, slot: usize, action: Action) -> u64 {
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
pub(super) struct GameState {
    pub(super) regions: Vec<Region>,
}

impl GameState {
    pub(super) fn new(players: usize, regions: usize) -> Self {
        let mut state = GameState { regions: (0..regions).map(|_| Region::default()).collect() };
        for p in 0..players {
            let (x, y) = ((p as i32 * 7919) % ARENA, (p as i32 * 104_729) % ARENA);
            let player = Player { x, y, ..Player::default() };
            state.regions[p % regions].players.push(player);
        }
        state
    }

    /// The chapter's `state.update_player(player.id, player.action)`.
    pub(super) fn update_player(&mut self, player: usize, action: Action) -> u64 {
        let r = self.regions.len();
        self.regions[player % r].update_player(player / r, action)
    }

    pub(super) fn look(&self, player: usize, radius: i32) -> u64 {
        let r = self.regions.len();
        self.regions[player % r].look(player / r, radius)
    }
}

/// The whole state as one atomic word per field, for the "racy" strategy, which shares it
/// with no lock. Each word on its own is read and written atomically, so Rust accepts it; a
/// whole update (read every word, change the copy, write every word back) is not.
pub(super) struct AtomicGame {
    words: Vec<AtomicU64>,
    /// The state's shape (players per region), which the words do not hold.
    players: usize,
    regions: usize,
}

impl AtomicGame {
    pub(super) fn new(state: &GameState) -> Self {
        let players = state.regions.iter().map(|r| r.players.len()).sum();
        let count = state.regions.iter().map(|r| 3 + 5 * r.players.len()).sum();
        let game = AtomicGame {
            words: (0..count).map(|_| AtomicU64::new(0)).collect(),
            players,
            regions: state.regions.len(),
        };
        game.write(state);
        game
    }

    /// A copy of the state, word by word, as it is now.
    pub(super) fn read(&self) -> GameState {
        let mut state = GameState::new(self.players, self.regions);
        let mut words = self.words.iter().map(|w| w.load(Relaxed));
        let mut next = || words.next().expect("one word per field");
        for r in &mut state.regions {
            (r.moves, r.score, *r.looks.get_mut()) = (next(), next(), next());
            for p in &mut r.players {
                // Two's complement round trip: i32 -> u64 -> i32 keeps the value.
                (p.x, p.y, p.vx, p.vy) = (next() as i32, next() as i32, next() as i32, next() as i32);
                p.score = next();
            }
        }
        state
    }

    /// Writes every field of `state` back, word by word.
    pub(super) fn write(&self, state: &GameState) {
        let mut words = self.words.iter();
        let mut put = |value: u64| words.next().expect("one word per field").store(value, Relaxed);
        for r in &state.regions {
            [r.moves, r.score, r.looks.load(Relaxed)].into_iter().for_each(&mut put);
            for p in &r.players {
                [p.x as u64, p.y as u64, p.vx as u64, p.vy as u64, p.score].into_iter().for_each(&mut put);
            }
        }
    }
}
