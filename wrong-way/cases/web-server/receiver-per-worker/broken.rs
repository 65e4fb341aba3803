// A thread pool: four workers take connections from one queue.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel::<u32>();
    let mut workers = Vec::new();
    for worker in 0..4 {
        workers.push(thread::spawn(move || {
            let mut served = 0;
            for conn in rx {
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
