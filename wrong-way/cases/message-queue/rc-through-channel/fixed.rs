// Producers send messages to one consumer; every message names its topic.
use std::sync::mpsc;
use std::sync::Arc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    for producer in 0..2 {
        let tx = tx.clone();
        thread::spawn(move || {
            let topic = Arc::new(String::from("orders"));
            for n in 0..100 {
                tx.send((Arc::clone(&topic), producer, n)).unwrap();
            }
        });
    }
    drop(tx);
    let received = rx.iter().filter(|(topic, _, _)| topic.as_str() == "orders").count();
    assert_eq!(received, 200);
}
