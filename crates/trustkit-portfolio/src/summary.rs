//! [`Summary`]: diagnoses rolled up into a group — a segment, an owner's book, the whole portfolio —
//! with the few numbers a team review starts from.

use std::collections::BTreeMap;

use trustkit_loyalty::Colour;

use crate::Diagnosis;

/// One group's indicators. Add diagnoses one at a time (streaming) with [`Summary::add`].
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// Accounts in the group.
    pub accounts: usize,
    /// Total ARR of the accounts that have one.
    pub arr: f64,
    /// Total revenue at risk, `Σ ARR × (1 − renewal probability)`.
    pub revenue_at_risk: f64,
    /// Renewal-weighted ARR, `Σ ARR × renewal probability`.
    pub expected_arr: f64,
    /// Accounts by health colour: red, yellow, green.
    pub health: [usize; 3],
    /// Accounts without any trust evidence (neutral by default).
    pub without_trust_evidence: usize,
    /// Sum of blended trust, for the mean.
    trust_sum: f64,
}

impl Summary {
    /// Counts one account in.
    pub fn add(&mut self, d: &Diagnosis) {
        self.accounts += 1;
        if let Some(arr) = d.arr {
            self.arr += arr;
            self.expected_arr += arr * d.findings.renewal_probability;
        }
        self.revenue_at_risk += d.revenue_at_risk.unwrap_or(0.0);
        if let Some(h) = &d.findings.health {
            let k = match h.colour {
                Colour::Red => 0,
                Colour::Yellow => 1,
                Colour::Green => 2,
            };
            self.health[k] += 1;
        }
        if d.findings.trust_sources == 0 {
            self.without_trust_evidence += 1;
        }
        self.trust_sum += d.findings.trust.value();
    }

    /// Mean blended trust; `None` for an empty group.
    #[must_use]
    pub fn mean_trust(&self) -> Option<f64> {
        (self.accounts > 0).then(|| self.trust_sum / self.accounts as f64)
    }
}

/// Summaries of the whole portfolio and by segment and by owner (accounts without one under "—").
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rollups {
    /// Every account.
    pub total: Summary,
    /// By segment.
    pub by_segment: BTreeMap<String, Summary>,
    /// By owner.
    pub by_owner: BTreeMap<String, Summary>,
}

/// The group name of accounts with no segment or owner.
pub const UNASSIGNED: &str = "—";

impl Rollups {
    /// Counts one account into its groups.
    pub fn add(&mut self, d: &Diagnosis) {
        self.total.add(d);
        let group = |g: &Option<String>| g.clone().unwrap_or_else(|| UNASSIGNED.to_owned());
        self.by_segment.entry(group(&d.segment)).or_default().add(d);
        self.by_owner.entry(group(&d.owner)).or_default().add(d);
    }
}
