//! The one worker pool: an ordered parallel map over a slice, on scoped threads.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads to use for `jobs` independent jobs: one per core, no more than jobs.
pub fn threads_for(jobs: usize) -> usize {
    if jobs <= 1 {
        // Asking the system costs a few reads of cgroup files: not worth it for one job.
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.max(1))
}

/// `f` applied to every item on up to `threads` threads, each taking the next item when it is
/// done with one; the results come back in the items' order. An item whose worker panicked
/// has no result (`None`). With one thread (or one item) the items are mapped on the calling
/// thread, without starting another.
pub fn map_ordered<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    if threads <= 1 || items.len() <= 1 {
        return items
            .iter()
            .map(|item| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item))).ok())
            .collect();
    }
    let next = AtomicUsize::new(0);
    let f = &f;
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.clamp(1, items.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in done.into_iter().flatten() {
        results[i] = Some(r);
    }
    results
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_of_the_items() {
        let items: Vec<usize> = (0..1000).collect();
        for threads in [1, 2, 7] {
            let out = map_ordered(&items, threads, |i| i * 2);
            assert_eq!(out, items.iter().map(|i| Some(i * 2)).collect::<Vec<_>>());
        }
        assert!(map_ordered(&[] as &[u8], 4, |b| *b).is_empty());
    }
}
