//! Seeded simulations of the experiments the learner must reproduce.
//!
//! Every experiment takes a seed and draws from [`rand::rngs::ChaCha8Rng`], one stream per simulated
//! subject (seeded from the seed and the subject's index), so the same seed gives the same table on
//! every platform and however the work is split.

pub mod partner_choice;
pub mod switching;
pub mod trust_game;

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;

/// The random stream of one subject (and one schedule within it).
pub(crate) fn subject_rng(seed: u64, subject: usize, schedule: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(((subject as u64) << 8) | schedule);
    rng
}

/// Running mean and standard deviation (Welford).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Moments {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Moments {
    pub(crate) fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
    }

    pub(crate) fn mean(&self) -> f64 {
        self.mean
    }

    pub(crate) fn sd(&self) -> f64 {
        if self.n > 1.0 {
            (self.m2 / (self.n - 1.0)).max(0.0).sqrt()
        } else {
            0.0
        }
    }
}

/// The logistic function.
pub(crate) fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}
