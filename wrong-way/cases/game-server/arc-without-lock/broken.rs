// Player threads update one game state.
use std::sync::Arc;
use std::thread;

#[derive(Default)]
struct GameState {
    score: u64,
    moves: u64,
}

impl GameState {
    fn play(&mut self, points: u64) {
        self.score += points;
        self.moves += 1;
    }
}

fn main() {
    let state = Arc::new(GameState::default());
    let mut players = Vec::new();
    for _ in 0..4 {
        let state = Arc::clone(&state);
        players.push(thread::spawn(move || {
            for _ in 0..1000 {
                state.play(10);
            }
        }));
    }
    for player in players {
        player.join().unwrap();
    }
    let game = &*state;
    assert_eq!((game.score, game.moves), (40_000, 4000));
}
