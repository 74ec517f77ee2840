//! Running async work (network calls) from synchronous code.
//!
//! hub's commands are synchronous; the network clients are async. Work that a blocking thread
//! needs done runs on the runtime that thread belongs to when there is one (the caller is inside
//! `spawn_blocking`, whose runtime is driven by the thread that started it), else on a small
//! runtime of its own.

use std::future::Future;

/// Runs `work` to completion. Fails only when no runtime can be started.
pub fn block_on<F: Future>(work: F) -> std::io::Result<F::Output> {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => Ok(handle.block_on(work)),
        Err(_) => Ok(tokio::runtime::Builder::new_current_thread().enable_all().build()?.block_on(work)),
    }
}
