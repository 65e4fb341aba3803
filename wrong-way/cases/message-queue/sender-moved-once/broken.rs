// Four producers send into one channel; one consumer reads it to the end.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    for producer in 0..4 {
        thread::spawn(move || {
            for n in 0..100 {
                tx.send((producer, n)).unwrap();
            }
        });
    }
    drop(tx); // the last sender gone: the consumer's loop ends
    let mut received = 0;
    for _msg in &rx {
        received += 1;
    }
    assert_eq!(received, 400);
}
