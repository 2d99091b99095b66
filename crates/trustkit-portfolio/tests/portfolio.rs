//! The sample, hand-computed diagnoses, the playbook, the file format and its errors.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use proptest::prelude::*;
use trustkit_core::Moment;
use trustkit_equation::Ratings;
use trustkit_learning::Experience;
use trustkit_loyalty::Commitment;
use trustkit_portfolio::{Account, Blend, Portfolio, Rule, default_scorecard};

fn at(day: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_767_600_000 + day * 86_400, 0).unwrap()
}

#[test]
fn default_scorecard_is_valid() {
    assert_eq!(default_scorecard().metrics().len(), 4);
}

#[test]
fn sample_loads_and_every_account_gets_an_action() {
    let p = Portfolio::sample().unwrap();
    assert_eq!(p.accounts.len(), 12);
    let d = p.diagnose_all().unwrap();
    assert_eq!(d.len(), 12);
    let rule = |id: &str| d.iter().find(|x| x.account == id).unwrap().action.rule;
    assert_eq!(rule("acme-logistics"), Rule::BetrayalUnderCalculative);
    assert_eq!(rule("ember-energy"), Rule::RedHealth);
    assert_eq!(rule("borealis-health"), Rule::WeakBelief);
    assert_eq!(rule("helios-media"), Rule::EquationLever);
    assert_eq!(rule("iris-insurance"), Rule::LowRespect);
    assert_eq!(rule("fjord-bank"), Rule::Delight);
    // Round trip of the file format.
    assert_eq!(Portfolio::from_json(&p.to_json().unwrap()).unwrap(), p);
}

#[test]
fn blended_trust_by_hand() {
    // Equation (8, 7, 6, 2): level ln(35)/ln(100) = 0.772034. One experience of reward 1 from a neutral
    // anchor: 0.5975 (see trustkit-learning). Blend: (0.25·0.772034 + 0.40·0.5975)/0.65.
    let mut a = Account::new("x", "X");
    a.equation = vec![Ratings::new(8.0, 7.0, 6.0, 2.0)];
    a.experiences = vec![Experience::new(1.0, at(0)).unwrap()];
    let d = a.diagnose().unwrap().findings;
    let b = Blend::DEFAULT;
    assert_eq!(
        (b.equation(), b.assessment(), b.learned()),
        (0.25, 0.35, 0.40)
    );
    let expected = (b.equation() * 0.772_034 + b.learned() * 0.5975) / (b.equation() + b.learned());
    assert!((d.trust.value() - expected).abs() < 1e-6);
    assert_eq!(d.trust_sources, 2);
    assert_eq!(d.commitment, Commitment::Affective); // 0.666 ≥ 0.6
    // Switching threshold (λ·T/0.5)^(1/0.88).
    assert!(
        (d.switching_threshold.unwrap() - (2.25 * d.trust.value() / 0.5).powf(1.0 / 0.88)).abs()
            < 1e-9
    );
    // No evidence at all: neutral trust.
    let empty = Account::new("e", "E").diagnose().unwrap().findings;
    assert_eq!((empty.trust.value(), empty.trust_sources), (0.5, 0));
}

#[test]
fn recent_betrayal_under_calculative_commitment_calls_for_a_moment_of_truth() {
    let mut a = Account::new("x", "X");
    a.prior = Some(0.55);
    a.experiences = vec![
        Experience::new(0.95, at(0)).unwrap(),
        Experience::new(0.95, at(10)).unwrap(),
        Experience::new(0.0, at(30)).unwrap(),
    ];
    let d = a.diagnose().unwrap();
    assert!(d.findings.learned.as_ref().unwrap().worst_recent_surprise <= -0.5);
    assert!(d.findings.betrayal().value() >= 0.5);
    assert_eq!(d.findings.commitment, Commitment::Calculative);
    assert_eq!(
        (d.action.rule, d.action.moment),
        (Rule::BetrayalUnderCalculative, Moment::Truth)
    );
}

#[test]
fn json_errors_carry_the_path() {
    let cases = [
        (
            r#"{"schema_version": 2, "accounts": []}"#,
            "schema_version 2 is not supported",
        ),
        (
            r#"{"schema_version": 1, "accounts": [{"id": "a", "name": "A", "nps": [11]}]}"#,
            "accounts[0] (a): nps: NPS answer #0 is 11",
        ),
        (
            r#"{"schema_version": 1, "accounts": [{"id": "a", "name": "A", "mood": 1}]}"#,
            "accounts[0].mood, line 1, column 66: unknown field `mood`",
        ),
        (
            r#"{"schema_version": 1, "accounts": [{"id": "a", "name": "A", "market": {"respect": 2}}]}"#,
            "market.respect",
        ),
        (
            r#"{"schema_version": 1, "accounts": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}"#,
            "\"a\" appears more than once",
        ),
        (
            r#"{"schema_version": 1, "accounts": [{"id": "a", "name": "A", "equation": [{"credibility": 0, "reliability": 5, "intimacy": 5, "self_orientation": 5}]}]}"#,
            "credibility must lie on the scale",
        ),
        (
            r#"{"schema_version": 1, "accounts": [{"id": "a", "name": "A", "health": {"mood": 3}}]}"#,
            "\"mood\"",
        ),
        (
            r#"{"schema_version": 1, "accounts": [{"id": "a", "name": "A", "experiences": [
            {"reward": 0.5, "at": "2026-02-01T00:00:00Z"}, {"reward": 0.5, "at": "2026-01-01T00:00:00Z"}]}]}"#,
            "experiences[1]",
        ),
        ("{", "line 1"),
    ];
    for (json, needle) in cases {
        let err = Portfolio::from_json(json).unwrap_err();
        assert!(err.to_string().contains(needle), "{json}: {err}");
    }
}

#[test]
fn csv_imports_and_their_errors() {
    let mut p = Portfolio::sample().unwrap();
    let before = p.account("cobalt-retail").unwrap().experiences.len();
    p.import_experiences_csv("account,time,reward,promised,moment,kind\ncobalt-retail,2026-03-01T00:00:00Z,0.2,0.9,truth,promise_broken\n".as_bytes()).and_then(trustkit_portfolio::Import::strict).unwrap();
    assert_eq!(
        p.account("cobalt-retail").unwrap().experiences.len(),
        before + 1
    );
    p.import_responses_csv("account,respondent,role,answered_at,item,answer\njuniper-telecom,zoe,user,2026-03-01T00:00:00Z,needs.problem,4\njuniper-telecom,zoe,user,2026-03-01T00:00:00Z,fair.pricing,n/a\n".as_bytes()).and_then(trustkit_portfolio::Import::strict).unwrap();
    assert_eq!(p.account("juniper-telecom").unwrap().responses.len(), 1);

    let bad = [
        (
            "account,time,reward\nnobody,2026-03-01T00:00:00Z,0.5\n",
            "line 2, field \"account\"",
        ),
        (
            "account,time,reward\ncobalt-retail,yesterday,0.5\n",
            "line 2, field \"time\"",
        ),
        (
            "account,time,reward\ncobalt-retail,2026-03-01T00:00:00Z,1.5\n",
            "line 2, field \"reward\"",
        ),
        // A required column missing (unknown columns are ignored, see pipeline.rs).
        ("account,reward\n", "line 1, field \"time\""),
        (
            "account,time,reward,moment\ncobalt-retail,2026-03-01T00:00:00Z,0.5,delight\n",
            "field \"moment\"",
        ),
    ];
    for (csv, needle) in bad {
        let mut p = Portfolio::sample().unwrap();
        let err = p
            .import_experiences_csv(csv.as_bytes())
            .and_then(trustkit_portfolio::Import::strict)
            .unwrap_err();
        assert!(err.to_string().contains(needle), "{csv}: {err}");
    }
    // An experience older than the account's history is sorted into place, not refused: CRM activity
    // exports list the newest first.
    let mut p = Portfolio::sample().unwrap();
    p.import_experiences_csv(
        "account,time,reward\ncobalt-retail,2026-11-02,0.5\ncobalt-retail,2020-03-01T00:00:00Z,0.4\n".as_bytes(),
    )
    .and_then(trustkit_portfolio::Import::strict)
    .unwrap();
    let history = &p.account("cobalt-retail").unwrap().experiences;
    assert!(history.windows(2).all(|w| w[0].at() <= w[1].at()));
    assert_eq!(history[0].reward().value(), 0.4);
    let mut p = Portfolio::sample().unwrap();
    let err = p
        .import_responses_csv("account,respondent,role,answered_at,item,answer\ncobalt-retail,zoe,ceo,2026-03-01T00:00:00Z,needs.problem,4\n".as_bytes())
        .and_then(trustkit_portfolio::Import::strict)
        .unwrap_err();
    assert!(err.to_string().contains("line 2, field \"role\""), "{err}");
    let err = p
        .import_responses_csv("account,respondent,role,answered_at,item,answer\ncobalt-retail,zoe,user,2026-03-01T00:00:00Z,needs.problem,9\n".as_bytes())
        .and_then(trustkit_portfolio::Import::strict)
        .unwrap_err();
    assert!(err.to_string().contains("answered 9"), "{err}");
}

proptest! {
    #[test]
    fn diagnosis_is_bounded_and_blends_within_its_sources(
        ratings in proptest::collection::vec((1.0f64..=10.0, 1.0f64..=10.0, 1.0f64..=10.0, 1.0f64..=10.0), 0..4),
        rewards in proptest::collection::vec(0.0f64..=1.0, 0..12),
        prior in 0.0f64..=1.0,
        nps in proptest::collection::vec(0u8..=10, 0..10),
    ) {
        let mut a = Account::new("p", "P");
        a.equation = ratings.iter().map(|&(c, r, i, s)| Ratings::new(c, r, i, s)).collect();
        a.experiences = rewards.iter().enumerate().map(|(k, &r)| Experience::new(r, at(k as i64)).unwrap()).collect();
        a.prior = Some(prior);
        a.nps = nps;
        let d = a.diagnose().unwrap().findings;
        prop_assert!((0.0..=1.0).contains(&d.renewal_probability));
        prop_assert!(d.switching_threshold.unwrap() >= 0.0);
        let sources: Vec<f64> = [d.equation.as_ref().map(|e| e.level), d.learned.as_ref().map(|l| l.trust)]
            .into_iter().flatten().collect();
        if sources.is_empty() {
            prop_assert_eq!(d.trust.value(), 0.5);
        } else {
            let lo = sources.iter().copied().fold(1.0, f64::min);
            let hi = sources.iter().copied().fold(0.0, f64::max);
            prop_assert!(d.trust.value() >= lo - 1e-12 && d.trust.value() <= hi + 1e-12);
        }
    }
}
