// A thread pool: four workers take connections from one queue.
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<u32>();
    let rx = Arc::new(Mutex::new(rx));
    let mut workers = Vec::new();
    for worker in 0..4 {
        let rx = Arc::clone(&rx);
        workers.push(thread::spawn(move || {
            let mut served = 0;
            // The guard is a temporary: the lock is let go as soon as `recv` returns.
            while let Ok(conn) = rx.lock().unwrap().recv() {
                served += conn.min(1);
            }
            println!("worker {worker} served {served}");
            served
        }));
    }
    for conn in 0..1000 {
        tx.send(conn).unwrap();
    }
    drop(tx); // closes the queue: the workers stop once it is empty
    let total: u32 = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(total, 999);
}
