//! Seeded workload generators for trustkit's benchmarks and peer comparisons.
//!
//! Every generator takes a seed and uses [`ChaCha8Rng`], so the same seed gives the same workload on
//! every platform; the golden test below pins it.
#![forbid(unsafe_code)]

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// Structure-of-arrays component scores for batch scoring of the trust equation.
#[derive(Debug, Clone, PartialEq)]
pub struct EquationWorkload {
    /// Credibility scores.
    pub credibility: Vec<f64>,
    /// Reliability scores.
    pub reliability: Vec<f64>,
    /// Intimacy scores.
    pub intimacy: Vec<f64>,
    /// Self-orientation scores.
    pub self_orientation: Vec<f64>,
}

impl EquationWorkload {
    /// `rows` equations with every score drawn uniformly from the default 1–10 scale.
    #[must_use]
    pub fn generate(rows: usize, seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut column =
            || -> Vec<f64> { (0..rows).map(|_| 1.0 + 9.0 * rng.random::<f64>()).collect() };
        let credibility = column();
        let reliability = column();
        let intimacy = column();
        let self_orientation = column();
        Self {
            credibility,
            reliability,
            intimacy,
            self_orientation,
        }
    }

    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.credibility.len()
    }

    /// True when there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.credibility.is_empty()
    }

    /// The workload as batch columns.
    ///
    /// # Errors
    /// Never for a generated workload (its columns have equal lengths).
    pub fn columns(&self) -> Result<trustkit::equation::Columns<'_>, trustkit::equation::Error> {
        trustkit::equation::Columns::new(
            &self.credibility,
            &self.reliability,
            &self.intimacy,
            &self.self_orientation,
        )
    }
}

/// Generates `accounts` accounts of `respondents` responses each to the standard instrument.
///
/// Each answer is a value on 1–5 (about 92 %), missing (5 %) or not applicable (3 %); roles cycle
/// through [`Role::ALL`](trustkit::assessment::Role::ALL).
#[must_use]
pub fn assessment_workload(
    accounts: usize,
    respondents: usize,
    seed: u64,
) -> Vec<Vec<trustkit::assessment::Response>> {
    use trustkit::assessment::chrono::{TimeZone, Utc};
    use trustkit::assessment::{Answer, Instrument, Response, Role};

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let instrument = Instrument::standard();
    let at = Utc
        .timestamp_opt(1_790_000_000, 0)
        .single()
        .unwrap_or_default();
    (0..accounts)
        .map(|_| {
            (0..respondents)
                .map(|k| {
                    let answers = instrument
                        .items()
                        .iter()
                        .filter_map(|item| {
                            let u: f64 = rng.random();
                            let answer = if u < 0.05 {
                                return None;
                            } else if u < 0.08 {
                                Answer::NotApplicable
                            } else {
                                // Rescale the remaining mass onto 1..=5.
                                Answer::Value(1 + ((u - 0.08) / 0.92 * 5.0).min(4.0) as u8)
                            };
                            Some((item.id.clone(), answer))
                        })
                        .collect();
                    Response {
                        respondent: format!("r{k}"),
                        role: Role::ALL[k % Role::ALL.len()],
                        answered_at: at,
                        answers,
                    }
                })
                .collect()
        })
        .collect()
}

/// `n` experiences an hour apart with rewards drawn uniformly from `[0, 1]`.
#[must_use]
pub fn experience_workload(n: usize, seed: u64) -> Vec<trustkit::learning::Experience> {
    use trustkit::learning::chrono::{Duration, TimeZone, Utc};
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let start = Utc
        .timestamp_opt(1_790_000_000, 0)
        .single()
        .unwrap_or_default();
    (0..n)
        .filter_map(|k| {
            let at = start + Duration::hours(k as i64);
            trustkit::learning::Experience::new(rng.random::<f64>(), at).ok()
        })
        .collect()
}

/// The benchmark health scorecard: the portfolio's default (adoption, open tickets, days since the
/// last executive meeting, seat usage against a band).
#[must_use]
pub fn health_scorecard() -> trustkit::loyalty::Scorecard {
    trustkit::portfolio::default_scorecard()
}

/// `accounts` rows of values for [`health_scorecard`]; every metric but adoption is missing 5 % of
/// the time.
#[must_use]
pub fn health_workload(accounts: usize, seed: u64) -> Vec<Option<f64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // adoption, open tickets, days since the last executive meeting, seat usage.
    let ranges = [(0.0, 1.0), (0.0, 20.0), (0.0, 240.0), (0.3, 1.6)];
    let mut values = Vec::with_capacity(accounts * ranges.len());
    for _ in 0..accounts {
        for (k, (lo, hi)) in ranges.into_iter().enumerate() {
            let u: f64 = rng.random();
            // Adoption is always known, so no account is left with nothing to score.
            values.push((k == 0 || u >= 0.05).then(|| lo + (hi - lo) * rng.random::<f64>()));
        }
    }
    values
}

/// `rows` accounts with `features` standard-uniform features and churn drawn from a known logistic
/// model (intercept −1, coefficients alternating 0.8 and −0.6).
///
/// # Errors
/// Never for `features ≥ 1` and `rows ≥ 1`.
pub fn churn_workload(
    rows: usize,
    features: usize,
    seed: u64,
) -> Result<trustkit::loyalty::ChurnData, trustkit::loyalty::Error> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut data = Vec::with_capacity(rows * features);
    let mut churned = Vec::with_capacity(rows);
    for _ in 0..rows {
        let start = data.len();
        data.extend((0..features).map(|_| rng.random::<f64>()));
        let eta = -1.0
            + data[start..]
                .iter()
                .enumerate()
                .map(|(k, v)| if k % 2 == 0 { 0.8 * v } else { -0.6 * v })
                .sum::<f64>();
        churned.push(rng.random::<f64>() < 1.0 / (1.0 + (-eta).exp()));
    }
    let names = (0..features).map(|k| format!("x{k}")).collect();
    trustkit::loyalty::ChurnData::from_row_major(names, data, churned)
}

/// The fitting workload: `subjects` histories of `trials` steps from the gain–loss model
/// (α_G = 0.2, α_L = 0.45) with trust measurements (noise 0.05) after every step.
///
/// # Errors
/// Never for positive sizes.
pub fn fit_workload(
    subjects: usize,
    trials: usize,
    seed: u64,
) -> Result<trustkit::learning::fit::Dataset, trustkit::learning::Error> {
    fit_workload_of(
        trustkit::learning::ModelPreset::GainLoss,
        &FIT_TRUTH,
        subjects,
        trials,
        seed,
    )
}

/// The true parameters of [`fit_workload`].
pub const FIT_TRUTH: [f64; 2] = [0.2, 0.45];

/// [`fit_workload`] for any model: Chang-style histories (priors 0.53/0.41, payback 80 %/20 %) with
/// a survey measurement of trust (noise 0.05) after every experience, simulated from `preset` at
/// `truth`.
///
/// # Errors
/// As `trustkit::learning::fit::simulate`.
pub fn fit_workload_of(
    preset: trustkit::learning::ModelPreset,
    truth: &[f64],
    subjects: usize,
    trials: usize,
    seed: u64,
) -> Result<trustkit::learning::fit::Dataset, trustkit::learning::Error> {
    use trustkit::learning::fit::{Design, SimulatedObservation, simulate};
    let design = Design {
        histories: subjects,
        trials,
        observation: SimulatedObservation::Measurement { noise: 0.05 },
        ..Design::default()
    };
    simulate(preset, truth, &design, seed)
}

/// The true parameters of the dynamic-belief fitting workload: trustkit's defaults (α_G 0.15,
/// α_L = 2.25·α_G, φ 0.12, h 0.045).
pub const DYNAMIC_BELIEF_TRUTH: [f64; 4] = [0.15, 0.3375, 0.12, 0.045];

/// A portfolio of `accounts` accounts shaped like the bundled sample: two trust-equation raters,
/// five assessment respondents answering the whole standard instrument, 50 experiences a week
/// apart, the four default health metrics with a previous score, five NPS answers, market facts and
/// a prior. Seeded: the same seed gives the same portfolio everywhere.
#[must_use]
pub fn portfolio_workload(accounts: usize, seed: u64) -> trustkit::portfolio::Portfolio {
    use trustkit::assessment::{Instrument, Response, Role};
    use trustkit::equation::Ratings;
    use trustkit::learning::chrono::{Duration, TimeZone, Utc};
    use trustkit::learning::{Experience, ExperienceKind};
    use trustkit::portfolio::{Account, MarketFacts, Portfolio, SCHEMA_VERSION};

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let instrument = Instrument::standard();
    let start = Utc.with_ymd_and_hms(2025, 1, 6, 9, 0, 0).single();
    let segments = ["enterprise", "mid-market", "smb"];
    let roles = [
        Role::Sponsor,
        Role::EconomicBuyer,
        Role::Champion,
        Role::User,
        Role::Procurement,
    ];
    let accounts = (0..accounts)
        .map(|k| {
            let mut a = Account::new(format!("acct-{k:07}"), format!("Account {k}"));
            a.segment = Some(segments[k % 3].to_owned());
            // Each account has its own level of trust, and its evidence scatters around it.
            let level: f64 = 0.2 + 0.7 * rng.random::<f64>();
            let rating = |rng: &mut ChaCha8Rng| {
                (1.0 + 9.0 * (level + 0.2 * (rng.random::<f64>() - 0.5)))
                    .clamp(1.0, 10.0)
                    .round()
            };
            a.equation = (0..2)
                .map(|_| {
                    let (c, r, i) = (rating(&mut rng), rating(&mut rng), rating(&mut rng));
                    let s = (11.0 - rating(&mut rng)).clamp(1.0, 10.0);
                    Ratings::new(c, r, i, s)
                })
                .collect();
            let Some(t0) = start else { return a };
            a.responses = (0..5)
                .filter_map(|r| {
                    let mut response =
                        Response::new(format!("r{r}@{k}"), roles[r], t0 + Duration::days(300))
                            .ok()?;
                    for item in instrument.items() {
                        let agree = (1.0 + 4.0 * (level + 0.3 * (rng.random::<f64>() - 0.5)))
                            .clamp(1.0, 5.0)
                            .round() as u8;
                        let value = if item.reverse_coded { 6 - agree } else { agree };
                        response = response.answer(item.id.clone(), value);
                    }
                    Some(response)
                })
                .collect();
            a.prior = Some(0.5);
            a.experiences = (0..50)
                .filter_map(|e| {
                    let reward = (level + 0.4 * (rng.random::<f64>() - 0.5)).clamp(0.0, 1.0);
                    let kind = if reward < 0.25 {
                        ExperienceKind::PromiseBroken
                    } else {
                        ExperienceKind::Routine
                    };
                    Experience::new(reward, t0 + Duration::weeks(e))
                        .ok()
                        .map(|x| x.with_kind(kind))
                })
                .collect();
            a.health.insert(
                "adoption".into(),
                (level + 0.2 * (rng.random::<f64>() - 0.5)).clamp(0.0, 1.0),
            );
            a.health.insert(
                "open_tickets".into(),
                (12.0 * (1.0 - level) * rng.random::<f64>()).round(),
            );
            a.health.insert(
                "days_since_exec_meeting".into(),
                (150.0 * rng.random::<f64>()).round(),
            );
            a.health
                .insert("seat_usage".into(), 0.5 + 0.7 * rng.random::<f64>());
            a.previous_health = Some((100.0 * rng.random::<f64>()).round());
            a.nps = (0..5)
                .map(|_| {
                    (10.0 * (level + 0.3 * (rng.random::<f64>() - 0.5)))
                        .clamp(0.0, 10.0)
                        .round() as u8
                })
                .collect();
            a.market = MarketFacts {
                product_value: Some(0.3 + 0.6 * rng.random::<f64>()),
                switching_cost: Some(rng.random::<f64>()),
                alternatives: Some(rng.random::<f64>()),
                respect: Some(0.3 + 0.7 * rng.random::<f64>()),
                newcomer_trust: Some(0.2 + 0.6 * rng.random::<f64>()),
            };
            a
        })
        .collect();
    Portfolio {
        schema_version: SCHEMA_VERSION,
        name: format!("generated portfolio (seed {seed})"),
        scorecard: None,
        units: std::collections::BTreeMap::new(),
        accounts,
    }
}

/// The responses of [`assessment_workload`] as an answer matrix's columns — answers (u8 per
/// respondent × item, in instrument order), roles and account offsets — for
/// [`trustkit::assessment::AnswerMatrix`].
#[must_use]
pub fn assessment_matrix(
    accounts: &[Vec<trustkit::assessment::Response>],
) -> (Vec<u8>, Vec<trustkit::assessment::Role>, Vec<usize>) {
    use trustkit::assessment::{Answer, Instrument, MISSING, NOT_APPLICABLE};
    let instrument = Instrument::standard();
    let items = instrument.items();
    let (mut answers, mut roles, mut offsets) = (Vec::new(), Vec::new(), vec![0]);
    for account in accounts {
        for r in account {
            answers.extend(items.iter().map(|item| match r.answers.get(&item.id) {
                None => MISSING,
                Some(Answer::NotApplicable) => NOT_APPLICABLE,
                Some(Answer::Value(v)) => *v,
            }));
            roles.push(r.role);
        }
        offsets.push(roles.len());
    }
    (answers, roles, offsets)
}

/// The renewal model past outcomes are drawn from in [`with_outcomes`]: coherent signs, every
/// input at work.
pub const TRUE_RENEWAL: [f64; trustkit::loyalty::COEFFICIENTS] =
    [1.0, 2.0, 0.5, 3.0, 0.3, -0.4, 1.5, -2.0, 1.5, 0.8, 0.8, 0.4];

/// Gives every account of a [`portfolio_workload`] one past renewal decision, on 4 August 2025
/// (30 weeks into its experiences), with health, NPS and market facts recorded before it that
/// scatter around the account's current ones; the outcome is drawn from [`TRUE_RENEWAL`] over the
/// features the library takes as of the decision, so a calibration should recover it.
///
/// # Panics
/// Never for a [`portfolio_workload`] (its evidence is valid by construction).
#[allow(clippy::expect_used)]
pub fn with_outcomes(p: &mut trustkit::portfolio::Portfolio, seed: u64) {
    use trustkit::loyalty::RenewalLogit;
    use trustkit::portfolio::{MarketFacts, RenewalDecision, RenewalResult};

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let truth = RenewalLogit::from_coefficients(TRUE_RENEWAL).expect("coherent by construction");
    let ctx = p.context();
    let decided = trustkit::chrono::NaiveDate::from_ymd_opt(2025, 8, 4).expect("a real date");
    for a in &mut p.accounts {
        // Customers for between a month and eight years before the decision.
        let days = 30 + (rng.random::<f64>() * 8.0 * 365.25) as i64;
        a.customer_since = decided.checked_sub_days(trustkit::chrono::Days::new(days as u64));
        let mut d = RenewalDecision::new(decided, RenewalResult::Renewed);
        let mut jitter = |x: f64, by: f64| x + by * (rng.random::<f64>() - 0.5);
        d.health = a
            .health
            .iter()
            .map(|(m, &x)| {
                let y = match m.as_str() {
                    "open_tickets" | "days_since_exec_meeting" => jitter(x, 6.0).max(0.0).round(),
                    "adoption" => jitter(x, 0.2).clamp(0.0, 1.0),
                    _ => jitter(x, 0.2).clamp(0.0, 2.0),
                };
                (m.clone(), y)
            })
            .collect();
        d.previous_health = a
            .previous_health
            .map(|h| jitter(h, 30.0).clamp(0.0, 100.0).round());
        d.nps = a
            .nps
            .iter()
            .map(|&n| jitter(f64::from(n), 3.0).clamp(0.0, 10.0).round() as u8)
            .collect();
        let fact = |x: Option<f64>, rng: &mut ChaCha8Rng| {
            x.map(|x| (x + 0.2 * (rng.random::<f64>() - 0.5)).clamp(0.0, 1.0))
        };
        d.market = MarketFacts {
            product_value: fact(a.market.product_value, &mut rng),
            switching_cost: fact(a.market.switching_cost, &mut rng),
            alternatives: fact(a.market.alternatives, &mut rng),
            respect: fact(a.market.respect, &mut rng),
            newcomer_trust: fact(a.market.newcomer_trust, &mut rng),
        };
        let mut inputs = a
            .as_of_decision(&d)
            .renewal_inputs(&ctx)
            .expect("valid by construction");
        // Tenure at the decision, as `RenewalHistory` counts it.
        inputs.tenure_years = Some(days as f64 / 365.25);
        let (x, _) = RenewalLogit::features(&inputs).expect("valid by construction");
        let p_renew = 1.0 / (1.0 + (-truth.logit(&x)).exp());
        d.result = if rng.random::<f64>() < p_renew {
            RenewalResult::Renewed
        } else {
            RenewalResult::Churned
        };
        d.arr_before = Some(50_000.0);
        d.arr_after = Some(if d.result.stayed() { 50_000.0 } else { 0.0 });
        a.renewals.push(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_workload_and_scores_on_scale() {
        let a = EquationWorkload::generate(1000, 7);
        assert_eq!(a, EquationWorkload::generate(1000, 7));
        assert_ne!(a, EquationWorkload::generate(1000, 8));
        let all = [
            &a.credibility,
            &a.reliability,
            &a.intimacy,
            &a.self_orientation,
        ];
        assert!(
            all.iter()
                .flat_map(|c| c.iter())
                .all(|x| (1.0..10.0).contains(x))
        );
    }

    #[test]
    fn golden_first_rows() {
        // Pins ChaCha8's stream: if rand or chacha20 ever changed their output, this fails.
        let w = EquationWorkload::generate(3, 42);
        let got: Vec<String> = w.credibility.iter().map(|x| format!("{x:.12}")).collect();
        assert_eq!(got, GOLDEN);
    }

    #[test]
    fn assessment_workload_is_seeded_and_valid() {
        use trustkit::assessment::{Instrument, ScoringPolicy};
        let a = assessment_workload(20, 5, 3);
        assert_eq!(a, assessment_workload(20, 5, 3));
        let results = ScoringPolicy::default()
            .score_accounts(&Instrument::standard(), &a)
            .unwrap();
        assert!(results.iter().all(Result::is_ok));
    }

    #[test]
    fn loyalty_workloads_are_valid() {
        use trustkit::loyalty::HealthScore;
        let card = health_scorecard();
        let values = health_workload(100, 1);
        let mut out = vec![HealthScore::default(); 100];
        card.score_batch(&values, &mut out).unwrap();
        let values = health_workload(1_000_000, 2026);
        let mut out = vec![HealthScore::default(); 1_000_000];
        card.score_batch(&values, &mut out).unwrap(); // the bench workload scores every row
        assert!(out.iter().all(|h| (0.0..=100.0).contains(&h.score)));
        let data = churn_workload(500, 8, 1).unwrap();
        assert_eq!(data.len(), 500);
    }

    const GOLDEN: [&str; 3] = ["7.137065730760", "9.552478669052", "4.847647625709"];
}
