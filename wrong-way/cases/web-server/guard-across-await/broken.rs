// One async task per connection, on an executor that two threads run.
use async_executor::Executor;
use futures_lite::future;
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let ex = Executor::new();
    let served = Arc::new(Mutex::new(Vec::new()));
    let tasks: Vec<_> = (0..100u32)
        .map(|id| {
            let served = Arc::clone(&served);
            ex.spawn(async move {
                let mut log = served.lock().unwrap();
                future::yield_now().await; // waits for the request to arrive
                log.push(id);
            })
        })
        .collect();
    thread::scope(|s| {
        s.spawn(|| future::block_on(ex.run(future::yield_now())));
        future::block_on(ex.run(async {
            for task in tasks {
                task.await;
            }
        }));
    });
    assert_eq!(served.lock().unwrap().len(), 100);
}
