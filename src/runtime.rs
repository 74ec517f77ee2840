//! Running async work (network calls) from synchronous code.
//!
//! hub's commands are synchronous; the network clients are async. A command that talks to the
//! network starts one small runtime on its own thread ([`current_thread`]). Work that a blocking
//! thread needs done runs on the runtime that thread belongs to when there is one (the caller is
//! inside `spawn_blocking`, whose runtime is driven by the thread that started it), else on a
//! runtime of its own ([`block_on`]).

use std::future::Future;

/// The runtime a command runs its network work on: one thread, timers and I/O enabled.
pub fn current_thread() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()
}

/// Runs `work` to completion. Fails only when no runtime can be started.
pub fn block_on<F: Future>(work: F) -> std::io::Result<F::Output> {
    match tokio::runtime::Handle::try_current() {
        Ok(handle) => Ok(handle.block_on(work)),
        Err(_) => Ok(current_thread()?.block_on(work)),
    }
}
