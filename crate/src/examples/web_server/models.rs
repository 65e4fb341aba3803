//! The chapter's two ways to serve many connections on few threads: the Rust book's thread
//! pool sharing one queue (`mpsc` + `Mutex`), and one async task per connection on an executor.

use super::http::Buffers;
use super::{Connection, Server};
use crate::runtime::record::SpanKind;
use async_executor::Executor;
use futures_lite::future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};

/// The Rust book's ThreadPool: the acceptor sends connections into one channel whose receiver
/// the workers share behind a mutex; each worker takes one, serves it, takes the next.
pub(super) fn thread_pool(server: &Server, connections: u32, threads: usize) {
    let ctx = server.ctx;
    let (tx, rx) = mpsc::channel::<Connection>();
    let rx = Mutex::new(rx);
    ctx.run_threads(|s| {
        // Spawned first so it starts at once; the last worker starts when it is done.
        s.spawn(move || {
            for batch in (0..connections).step_by(1024) {
                if ctx.is_cancelled() {
                    break;
                }
                ctx.task(SpanKind::Send, || {
                    for id in batch..connections.min(batch + 1024) {
                        let _ = tx.send(server.accept(id));
                    }
                });
            }
            // Dropping `tx` closes the queue: workers stop once it is empty.
        });
        for _ in 0..threads {
            let rx = &rx;
            s.spawn(move || {
                // One set of buffers per worker, reused for every connection it serves.
                let mut buffers = Buffers::new();
                // Waiting, then serving, then waiting again: one clock read between each.
                let mut clock = ctx.lap();
                loop {
                    // The guard is a temporary: the lock is let go as soon as `recv` returns.
                    let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    clock.span(SpanKind::Recv);
                    let Ok(conn) = next else { break };
                    if ctx.is_cancelled() {
                        break; // connections still queued are dropped with the channel
                    }
                    server.respond(&conn, &mut buffers, &mut clock);
                }
            });
        }
    });
}

/// The chapter's `async fn handle_request`, for one connection: wait for the request, answer it.
/// Only `conn` and two references live across the `.await`, so a waiting connection is small.
async fn handle_connection(conn: Connection, server: &Server<'_>, shutdown: &Shutdown) {
    // Checked before and after the read: a cancel must not wait for a million reads.
    if server.ctx.is_cancelled() {
        return shutdown.cancel();
    }
    // A simulated read: the request has not arrived yet, so the task hands its worker back and
    // is polled again later (here: behind every task already queued).
    future::yield_now().await;
    if server.ctx.is_cancelled() {
        return shutdown.cancel();
    }
    // This request's own buffers, freed when it is answered; its clock starts as it is served.
    server.respond(&conn, &mut Buffers::new(), &mut server.ctx.lap());
    shutdown.one_done();
}

/// How the workers learn that every connection has been answered.
struct Shutdown {
    /// Connections not yet answered, plus one for the acceptor until it has accepted them all.
    pending: AtomicU64,
    /// Closed by whoever brings `pending` to zero; every worker's `ex.run` waits for that.
    signal: async_channel::Sender<()>,
}

impl Shutdown {
    /// Stops every worker now; dropping the executor then drops the tasks not yet finished.
    fn cancel(&self) {
        self.signal.close();
    }

    fn one_done(&self) {
        if self.pending.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.signal.close();
        }
    }
}

/// One task per connection on an `async_executor::Executor` that every worker runs: the
/// executor's own multi-threaded pattern, `block_on(ex.run(shutdown.recv()))` on each thread.
pub(super) fn async_tasks(server: &Server, connections: u32, threads: usize) {
    let ctx = server.ctx;
    let (signal, shutdown_rx) = async_channel::unbounded::<()>();
    let shutdown = Shutdown { pending: AtomicU64::new(1), signal };
    let ex = Executor::new();
    ctx.run_threads(|s| {
        for worker in 0..threads {
            let (ex, shutdown, shutdown_rx) = (&ex, &shutdown, &shutdown_rx);
            s.spawn(move || {
                future::block_on(ex.run(async {
                    if worker == 0 {
                        // The acceptor: the whole burst becomes tasks before this worker serves
                        // any; the other workers start serving as soon as the first is spawned.
                        for batch in (0..connections).step_by(1024) {
                            if ctx.is_cancelled() {
                                break;
                            }
                            ctx.task(SpanKind::Send, || {
                                for id in batch..connections.min(batch + 1024) {
                                    shutdown.pending.fetch_add(1, Ordering::Relaxed);
                                    let conn = server.accept(id);
                                    ex.spawn(handle_connection(conn, server, shutdown)).detach();
                                }
                            });
                        }
                        shutdown.one_done();
                    }
                    // Returns (with Err: closed) once every connection has been answered.
                    let _ = shutdown_rx.recv().await;
                }))
            });
        }
    });
}
