//! Background tasks that run an operation at a fixed interval while the
//! node serves (following other processes' writes, deadlines, warnings):
//! each is a [`Periodic`] handle that stops its task when dropped.

use std::future::Future;
use std::time::Duration;

/// A running periodic task; dropping it stops the task.
#[derive(Debug)]
pub struct Periodic(tokio::task::JoinHandle<()>);

impl Drop for Periodic {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// When the first run happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum First {
    /// At once (to catch up on what happened while nothing ran).
    Now,
    /// After one interval (what it would find was just loaded).
    AfterOneInterval,
}

/// Runs `run` every `every` until the handle is dropped; a run that takes
/// longer than the interval delays the next instead of bunching them.
pub fn every<F, Fut>(every: Duration, first: First, mut run: F) -> Periodic
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    Periodic(tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        if first == First::AfterOneInterval {
            tick.tick().await; // the first tick of an interval is immediate
        }
        loop {
            tick.tick().await;
            run().await;
        }
    }))
}
