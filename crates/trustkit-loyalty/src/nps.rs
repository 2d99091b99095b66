//! Net Promoter Score from 0–10 answers (Reichheld, *The One Number You Need to Grow*, HBR 2003).

use crate::error::Error;

/// Counts of promoters (9–10), passives (7–8) and detractors (0–6).
///
/// ```
/// use trustkit_loyalty::Nps;
///
/// let nps = Nps::from_answers(&[10, 9, 9, 8, 7, 6, 3, 10, 0, 9])?;
/// assert_eq!((nps.promoters, nps.passives, nps.detractors), (5, 2, 3));
/// assert_eq!(nps.score(), 20.0);
/// // Adjusted Wald: p_P = 5.75/13, p_D = 3.75/13, 1.96 · 100 · √((p_P + p_D − (p_P − p_D)²)/13) = 45.71
/// assert!((nps.margin_of_error(1.96) - 45.7115).abs() < 1e-3);
/// # Ok::<(), trustkit_loyalty::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Nps {
    /// Answers of 9 or 10.
    pub promoters: usize,
    /// Answers of 7 or 8.
    pub passives: usize,
    /// Answers of 0 to 6.
    pub detractors: usize,
}

impl Nps {
    /// Counts answers.
    ///
    /// # Errors
    /// [`Error::Empty`] for no answers, [`Error::NpsAnswer`] for an answer above 10 (naming its position).
    pub fn from_answers(answers: &[u8]) -> Result<Self, Error> {
        if answers.is_empty() {
            return Err(Error::Empty {
                what: "NPS answers",
            });
        }
        let mut nps = Self {
            promoters: 0,
            passives: 0,
            detractors: 0,
        };
        for &value in answers {
            nps.push(value)?;
        }
        Ok(nps)
    }

    /// Counts one more answer: 9–10 a promoter, 7–8 a passive, 0–6 a detractor.
    ///
    /// # Errors
    /// [`Error::NpsAnswer`] for an answer above 10, naming its position (the answers counted so
    /// far); the counts are then unchanged.
    pub fn push(&mut self, value: u8) -> Result<(), Error> {
        match value {
            9 | 10 => self.promoters += 1,
            7 | 8 => self.passives += 1,
            0..=6 => self.detractors += 1,
            _ => {
                return Err(Error::NpsAnswer {
                    index: self.respondents(),
                    value,
                });
            }
        }
        Ok(())
    }

    /// Number of answers.
    #[must_use]
    pub const fn respondents(&self) -> usize {
        self.promoters + self.passives + self.detractors
    }

    /// `100·(promoters − detractors)/n`, from −100 to 100.
    #[must_use]
    pub fn score(&self) -> f64 {
        let n = self.respondents().max(1) as f64;
        100.0 * (self.promoters as f64 - self.detractors as f64) / n
    }

    /// Standard error of the score, in NPS points: each answer is +1, 0 or −1, so
    /// `SE = 100·√((p_P + p_D − (p_P − p_D)²)/n)`.
    #[must_use]
    pub fn standard_error(&self) -> f64 {
        let n = self.respondents().max(1) as f64;
        let (pp, pd) = (self.promoters as f64 / n, self.detractors as f64 / n);
        100.0 * ((pp + pd - (pp - pd).powi(2)).max(0.0) / n).sqrt()
    }

    /// Margin of error at the normal quantile `z` (1.96 for 95 %), by the adjusted Wald method that
    /// Rocks (2016, *The American Statistician* 70:365–372) found to cover well for NPS: add 3 to the
    /// sample, ¾ to the promoters and ¾ to the detractors, then `z·100·√((p_P + p_D − (p_P − p_D)²)/n)`
    /// on the adjusted counts. Unlike the plain `z·SE`, it is never 0 for a small unanimous sample
    /// (four promoters: ±50 points, not ±0).
    #[must_use]
    pub fn margin_of_error(&self, z: f64) -> f64 {
        let n = self.respondents() as f64 + 3.0;
        let pp = (self.promoters as f64 + 0.75) / n;
        let pd = (self.detractors as f64 + 0.75) / n;
        z * 100.0 * ((pp + pd - (pp - pd).powi(2)).max(0.0) / n).sqrt()
    }
}
