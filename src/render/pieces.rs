//! Rendering a run on every core while writing it in order: the findings are cut into
//! pieces of at most [`CHUNK`], each piece is rendered to bytes on its own, and the pieces
//! are written in the order of the reports as they are done, with at most a few batches of
//! pieces per thread rendered ahead of the writer, so a run with many findings is never held
//! as text all at once.

use crate::Report;
use std::borrow::Borrow;
use std::ops::Range;
use std::panic::AssertUnwindSafe;
use std::sync::{mpsc, Condvar, Mutex, MutexGuard, PoisonError};

/// Findings one thread renders in one go.
pub(crate) const CHUNK: usize = 256;

/// One piece of the output: some findings of one report.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    /// The index of the report.
    pub report: usize,
    /// The range of its findings; empty only for a report without findings, when the
    /// format writes those too.
    pub findings: Range<usize>,
}

impl Piece {
    /// True for the report's first piece (the one that opens it).
    pub fn opens(&self) -> bool {
        self.findings.start == 0
    }

    /// True for the report's last piece (the one that closes it), given its finding count.
    pub fn closes(&self, findings: usize) -> bool {
        self.findings.end == findings
    }
}

/// The threads worth rendering `reports` on: one until there is more than one chunk of
/// findings, then one per core.
pub(crate) fn threads_for<R: Borrow<Report>>(reports: &[R]) -> usize {
    let findings: usize = reports.iter().map(|r| r.borrow().diagnostics.len()).sum();
    if findings > CHUNK {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        1
    }
}

/// Batches rendered but not yet written, at most, per rendering thread: enough that a thread
/// rarely waits for the writer, few enough that the output is never held whole.
const AHEAD_PER_THREAD: usize = 2;

/// Write the pieces of `reports` in order, each rendered by `render` (which appends to the
/// buffer it is given) on up to `threads` threads. With `empty_reports`, a report without
/// findings is one (empty) piece, for the formats that list every file; otherwise it has
/// none. A piece whose rendering panicked is left out.
///
/// The threads start once for the whole run. Each takes the next batch of pieces (about
/// [`CHUNK`] findings, a report without findings counting as one), renders it into one
/// buffer and hands it to the calling thread, which writes the batches in order. A buffer,
/// once written, is rendered into again, so the output's memory is touched once rather than
/// once per piece.
pub(crate) fn write_pieces<R, B>(
    reports: &[R],
    empty_reports: bool,
    threads: usize,
    out: &mut dyn std::io::Write,
    render: impl Fn(&Piece, &mut B) + Sync,
) -> std::io::Result<()>
where
    R: Borrow<Report> + Sync,
    B: Buffer,
{
    let mut pieces = reports.iter().enumerate().flat_map(|(report, r)| {
        let n = r.borrow().diagnostics.len();
        let first_ends = if n == 0 && !empty_reports { 0 } else { 1 };
        (0..n.max(first_ends))
            .step_by(CHUNK)
            .map(move |start| Piece {
                report,
                findings: start.min(n)..(start + CHUNK).min(n),
            })
    });
    // Render `piece` after what `text` holds; a panic leaves `text` as it was.
    let render_into = |piece: &Piece, text: &mut B| {
        let before = text.len();
        if std::panic::catch_unwind(AssertUnwindSafe(|| render(piece, text))).is_err() {
            text.truncate(before);
        }
    };
    if threads <= 1 {
        let mut text = B::default();
        for piece in pieces {
            text.clear();
            render_into(&piece, &mut text);
            out.write_all(text.as_ref())?;
        }
        return Ok(());
    }
    let queue = Mutex::new(Queue {
        taken: 0,
        written: 0,
        stop: false,
        spare: Vec::<B>::new(),
    });
    let room = Condvar::new();
    let (done, rendered) = mpsc::channel::<(usize, B)>();
    let pieces = Mutex::new(&mut pieces);
    let ahead = threads * AHEAD_PER_THREAD;
    std::thread::scope(|scope| {
        let (queue, room, pieces, render_into) = (&queue, &room, &pieces, &render_into);
        for _ in 0..threads {
            let done = done.clone();
            scope.spawn(move || {
                let mut batch = Vec::new();
                loop {
                    let (index, mut text) = {
                        let mut q = lock(queue);
                        while !q.stop && q.taken >= q.written + ahead {
                            q = room.wait(q).unwrap_or_else(PoisonError::into_inner);
                        }
                        if q.stop {
                            return;
                        }
                        let mut pieces = lock(pieces);
                        let mut weight = 0;
                        while weight < CHUNK {
                            let Some(piece) = pieces.next() else { break };
                            weight += piece.findings.len().max(1);
                            batch.push(piece);
                        }
                        if batch.is_empty() {
                            q.stop = true;
                            room.notify_all();
                            return;
                        }
                        q.taken += 1;
                        (q.taken - 1, q.spare.pop().unwrap_or_default())
                    };
                    text.clear();
                    for piece in batch.drain(..) {
                        render_into(&piece, &mut text);
                    }
                    if done.send((index, text)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done);
        // However this thread leaves (a writer may even panic), the others stop waiting.
        let _stop = StopOnDrop { queue, room };
        // Write in order: a batch that comes early waits in `early` for those before it.
        let mut early = std::collections::BTreeMap::new();
        let mut written = 0;
        for (index, text) in rendered.iter() {
            early.insert(index, text);
            while let Some(text) = early.remove(&written) {
                let result = out.write_all(text.as_ref());
                written += 1;
                let mut q = lock(queue);
                q.spare.push(text);
                q.written = written;
                q.stop |= result.is_err();
                room.notify_all();
                result?;
            }
        }
        Ok(())
    })
}

/// What the rendering threads share.
struct Queue<B> {
    /// How many batches have been taken.
    taken: usize,
    /// How many batches have been written.
    written: usize,
    /// Set when every piece has been taken, or writing failed.
    stop: bool,
    /// Written buffers, to render into again.
    spare: Vec<B>,
}

/// A buffer pieces are rendered into: bytes, or text.
pub(crate) trait Buffer: AsRef<[u8]> + Default + Send {
    /// Empty it, keeping its capacity.
    fn clear(&mut self);
    /// Its length in bytes.
    fn len(&self) -> usize;
    /// Cut it to `len` bytes (a length it had before).
    fn truncate(&mut self, len: usize);
}

impl Buffer for Vec<u8> {
    fn clear(&mut self) {
        Vec::clear(self);
    }
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }
}

impl Buffer for String {
    fn clear(&mut self) {
        String::clear(self);
    }
    fn len(&self) -> usize {
        String::len(self)
    }
    fn truncate(&mut self, len: usize) {
        String::truncate(self, len);
    }
}

/// Tells the rendering threads to stop when dropped.
struct StopOnDrop<'a, B> {
    queue: &'a Mutex<Queue<B>>,
    room: &'a Condvar,
}

impl<B> Drop for StopOnDrop<'_, B> {
    fn drop(&mut self) {
        lock(self.queue).stop = true;
        self.room.notify_all();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::diagnostic::Diagnostic;
    use crate::core::source::SourceFile;
    use std::sync::Arc;

    fn report(findings: usize) -> Report {
        Report {
            source: Arc::new(SourceFile::new("f.json", "{}")),
            kind: None,
            diagnostics: (0..findings)
                .map(|i| Diagnostic::new(&crate::core::builtin::IO, format!("{i}")))
                .collect(),
            facts: Vec::new(),
            skipped: false,
        }
    }

    /// Every finding is written once, in order, whatever the threads; empty reports are
    /// pieces only when asked for.
    #[test]
    fn pieces_come_out_in_order() {
        let reports: Vec<Report> = [0, 3, CHUNK * 2 + 5, 0, 1].map(report).into();
        for empty in [false, true] {
            let expected: String = reports
                .iter()
                .enumerate()
                .filter(|(_, r)| empty || !r.diagnostics.is_empty())
                .map(|(i, r)| {
                    let mut s = format!("<{i}");
                    for d in &r.diagnostics {
                        s.push_str(&format!(" {}", d.message));
                    }
                    s + ">"
                })
                .collect();
            for threads in [1, 2, 5] {
                let mut out = Vec::new();
                write_pieces(
                    &reports,
                    empty,
                    threads,
                    &mut out,
                    |p, text: &mut Vec<u8>| {
                        let r = &reports[p.report];
                        let mut s = if p.opens() {
                            format!("<{}", p.report)
                        } else {
                            String::new()
                        };
                        for d in &r.diagnostics[p.findings.clone()] {
                            s.push_str(&format!(" {}", d.message));
                        }
                        if p.closes(r.diagnostics.len()) {
                            s.push('>');
                        }
                        text.extend_from_slice(s.as_bytes());
                    },
                )
                .unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    expected,
                    "{threads} threads"
                );
            }
        }
    }

    /// A piece whose rendering panics is left out; the others are written, in order.
    #[test]
    fn a_panicking_piece_is_left_out() {
        let reports: Vec<Report> = (0..40).map(|i| report(i % 3 + CHUNK / 2)).collect();
        for threads in [1, 2, 4] {
            let mut out = Vec::new();
            write_pieces(
                &reports,
                false,
                threads,
                &mut out,
                |p, text: &mut String| {
                    text.push_str(&format!("<{}:{}", p.report, p.findings.start));
                    assert!(p.report != 7, "a rendering bug");
                    text.push('>');
                },
            )
            .unwrap();
            let expected: String = reports
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != 7)
                .map(|(i, _)| format!("<{i}:0>"))
                .collect();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                expected,
                "{threads} threads"
            );
        }
    }

    /// A write that fails ends the run with its error, whatever the threads.
    #[test]
    fn a_failed_write_stops_the_run() {
        struct Full(usize);
        impl std::io::Write for Full {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                if self.0 == 0 {
                    return Err(std::io::Error::other("disk full"));
                }
                self.0 -= 1;
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let reports: Vec<Report> = (0..200).map(|_| report(CHUNK)).collect();
        for threads in [1, 2, 4] {
            let rendered = std::sync::atomic::AtomicUsize::new(0);
            let result = write_pieces(
                &reports,
                false,
                threads,
                &mut Full(3),
                |p, text: &mut Vec<u8>| {
                    rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    text.extend_from_slice(format!("{}", p.report).as_bytes());
                },
            );
            assert_eq!(result.unwrap_err().to_string(), "disk full");
            // The threads stop soon after: at most a few batches beyond the failed one.
            let n = rendered.load(std::sync::atomic::Ordering::Relaxed);
            assert!(
                n <= 4 + threads * (AHEAD_PER_THREAD + 1),
                "{n} pieces rendered"
            );
        }
    }

    /// A writer that panics ends the run with its panic, without leaving threads waiting.
    #[test]
    fn a_panicking_writer_does_not_hang() {
        struct Broken;
        impl std::io::Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                panic!("a broken writer")
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let reports: Vec<Report> = (0..200).map(|_| report(CHUNK)).collect();
        let run = std::panic::catch_unwind(|| {
            write_pieces(&reports, false, 2, &mut Broken, |p, text: &mut Vec<u8>| {
                text.extend_from_slice(format!("{}", p.report).as_bytes());
            })
        });
        assert!(run.is_err());
    }
}
