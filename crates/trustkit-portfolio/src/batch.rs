//! Diagnosing many accounts: a slice at once, or a stream a chunk at a time in input order.

use std::collections::VecDeque;

use crate::portfolio::account_error;
use crate::{Account, AccountError, Diagnosis, DiagnosisContext, Error};

/// Diagnoses each account of a slice once, in order; in parallel with the `rayon` feature, with the
/// same result as one thread (each account's diagnosis depends on that account alone).
#[must_use]
pub fn diagnose_slice(
    ctx: &DiagnosisContext,
    accounts: &[Account],
) -> Vec<Result<Diagnosis, AccountError>> {
    let refs: Vec<&Account> = accounts.iter().collect();
    diagnose_refs(ctx, &refs)
}

fn diagnose_refs(
    ctx: &DiagnosisContext,
    accounts: &[&Account],
) -> Vec<Result<Diagnosis, AccountError>> {
    map_in_order(accounts, |a| a.diagnose_with(ctx))
}

/// How many threads [`map_in_order`] uses.
pub(crate) fn threads() -> usize {
    #[cfg(feature = "rayon")]
    {
        rayon::current_num_threads()
    }
    #[cfg(not(feature = "rayon"))]
    {
        1
    }
}

/// `items.iter().map(f).collect()`, on every core with the `rayon` feature. Order is kept, and
/// each item's result depends on that item alone, so the output is the same on any thread count.
pub(crate) fn map_in_order<T: Sync, U: Send>(
    items: &[T],
    f: impl Fn(&T) -> U + Sync + Send,
) -> Vec<U> {
    #[cfg(feature = "rayon")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "rayon"))]
    {
        items.iter().map(f).collect()
    }
}

/// How many accounts [`Diagnoses`] holds at once by default: enough to keep two to eight cores busy,
/// few enough that memory stays a few megabytes whatever the portfolio's size.
pub const DEFAULT_CHUNK: usize = 2048;

/// Diagnoses a stream of accounts — from [`JsonLinesReader`](crate::JsonLinesReader) or any
/// iterator — and yields each result in input order, holding at most one chunk of accounts in
/// memory. A read error is passed through in its place and the stream goes on, so a caller decides
/// whether one bad account stops the run.
///
/// ```
/// use trustkit_portfolio::{Diagnoses, Portfolio};
///
/// let sample = Portfolio::sample()?;
/// let ctx = sample.context();
/// let ids: Vec<String> = Diagnoses::new(ctx, sample.accounts.into_iter().map(Ok))
///     .map(|d| d.map(|d| d.account))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(ids.len(), 12);
/// # Ok::<(), trustkit_portfolio::Error>(())
/// ```
pub struct Diagnoses<I> {
    ctx: DiagnosisContext,
    source: I,
    chunk: usize,
    next_index: usize,
    ready: VecDeque<Result<Diagnosis, Error>>,
}

impl<I: Iterator<Item = Result<Account, Error>>> Diagnoses<I> {
    /// Diagnoses `accounts` in `ctx`, [`DEFAULT_CHUNK`] accounts at a time.
    pub fn new(ctx: DiagnosisContext, accounts: I) -> Self {
        Self {
            ctx,
            source: accounts,
            chunk: DEFAULT_CHUNK,
            next_index: 0,
            ready: VecDeque::new(),
        }
    }

    /// Holds at most `chunk` accounts at once (at least 1).
    #[must_use]
    pub fn with_chunk(mut self, chunk: usize) -> Self {
        self.chunk = chunk.max(1);
        self
    }

    fn refill(&mut self) {
        // Accounts go to one vector to be diagnosed together; read errors keep their place.
        let mut accounts = Vec::with_capacity(self.chunk);
        let mut errors: Vec<(usize, Error)> = Vec::new();
        for (offset, slot) in self.source.by_ref().take(self.chunk).enumerate() {
            match slot {
                Ok(a) => accounts.push((offset, a)),
                Err(e) => errors.push((offset, e)),
            }
        }
        let start = self.next_index;
        self.next_index += accounts.len() + errors.len();
        let only: Vec<&Account> = accounts.iter().map(|(_, a)| a).collect();
        let diagnosed = diagnose_refs(&self.ctx, &only);
        let mut errors = errors.into_iter().peekable();
        for ((offset, a), d) in accounts.iter().zip(diagnosed) {
            while let Some((_, e)) = errors.next_if(|(k, _)| k < offset) {
                self.ready.push_back(Err(e));
            }
            self.ready
                .push_back(d.map_err(|source| account_error(start + offset, a, source)));
        }
        self.ready.extend(errors.map(|(_, e)| Err(e)));
    }
}

impl<I: Iterator<Item = Result<Account, Error>>> Iterator for Diagnoses<I> {
    type Item = Result<Diagnosis, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ready.is_empty() {
            self.refill();
        }
        self.ready.pop_front()
    }
}
