// A sensor thread pushes its readings into a Vec; main averages them.
use std::thread;

fn main() {
    let mut readings = Vec::new();
    thread::scope(|s| {
        s.spawn(|| {
            for n in 0..10 {
                readings.push(f64::from(n));
            }
        });
    });
    let average = readings.iter().sum::<f64>() / readings.len() as f64;
    assert_eq!(average, 4.5);
}
