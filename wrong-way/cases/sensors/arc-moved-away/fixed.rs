// A sensor pushes readings; an aggregator averages what has arrived.
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let readings = Arc::new(Mutex::new(Vec::new()));
    let sensor_readings = Arc::clone(&readings);
    let sensor = thread::spawn(move || {
        for n in 0..10 {
            sensor_readings.lock().unwrap().push(f64::from(n));
        }
    });
    let aggregator = thread::spawn(move || {
        sensor.join().unwrap();
        let batch = std::mem::take(&mut *readings.lock().unwrap());
        batch.iter().sum::<f64>() / batch.len() as f64
    });
    assert_eq!(aggregator.join().unwrap(), 4.5);
}
