//! Renewal calibration on past decisions: the cut-off rule (no leakage), bad outcomes as clear
//! errors, and the bundled sample's outcomes.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions
use chrono::{NaiveDate, TimeZone, Utc};
use trustkit_learning::{Experience, ExperienceKind};
use trustkit_portfolio::{
    Account, CalibrateOptions, Calibration, DiagnosisContext, Error, Portfolio, RenewalDecision,
    RenewalHistory, RenewalResult, SAMPLE_OUTCOMES_CSV,
};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn experience(m: u32, d: u32, reward: f64, kind: ExperienceKind) -> Experience {
    Experience::new(reward, Utc.with_ymd_and_hms(2026, m, d, 12, 0, 0).unwrap())
        .unwrap()
        .with_promise(0.9)
        .unwrap()
        .with_kind(kind)
}

#[test]
fn a_betrayal_after_the_decision_does_not_count() {
    let mut a = Account::new("a", "A");
    a.experiences = vec![
        experience(1, 10, 0.9, ExperienceKind::PromiseKept),
        experience(2, 10, 0.9, ExperienceKind::PromiseKept),
    ];
    let decision = RenewalDecision::new(day(3, 1), RenewalResult::Renewed);
    a.renewals = vec![decision.clone()];
    let ctx = DiagnosisContext::default();
    let before = RenewalHistory::collect([&a], &ctx).unwrap();

    // A broken promise on 20 March, after the 1 March decision, and one on the decision's own day.
    let mut later = a.clone();
    later
        .experiences
        .push(experience(3, 1, 0.05, ExperienceKind::PromiseBroken));
    later
        .experiences
        .push(experience(3, 20, 0.05, ExperienceKind::PromiseBroken));
    let after = RenewalHistory::collect([&later], &ctx).unwrap();
    assert_eq!(before.rows, after.rows);
    // The account's own (current) health and NPS are not the decision's either.
    later.nps = vec![0, 0, 0];
    later.health.insert("adoption".into(), 0.05);
    assert_eq!(
        RenewalHistory::collect([&later], &ctx).unwrap().rows,
        before.rows
    );
    // …but the same broken promise before the decision does count.
    let mut earlier = a.clone();
    earlier
        .experiences
        .push(experience(2, 20, 0.05, ExperienceKind::PromiseBroken));
    let seen = RenewalHistory::collect([&earlier], &ctx).unwrap();
    assert_ne!(seen.rows, before.rows);
    assert!(
        seen.rows[0][6] > 0.5,
        "betrayal severity {}",
        seen.rows[0][6]
    );
}

#[test]
fn no_outcomes_or_none_with_evidence_is_a_clear_error() {
    let p = Portfolio::sample().unwrap();
    let ctx = p.context();
    let none = RenewalHistory::collect(&p.accounts, &ctx).unwrap();
    let err = Calibration::fit(&none, CalibrateOptions::default(), None).unwrap_err();
    assert!(matches!(err, Error::NoOutcomes { skipped: 0 }), "{err}");
    assert!(err.to_string().contains("outcomes CSV"), "{err}");

    // A decision dated before any evidence has nothing to predict from.
    let mut early = Account::new("early", "Early");
    early.experiences = vec![experience(6, 1, 0.9, ExperienceKind::Routine)];
    early.renewals = vec![RenewalDecision::new(day(1, 31), RenewalResult::Churned)];
    let h = RenewalHistory::collect([&early], &ctx).unwrap();
    assert_eq!((h.rows.len(), h.skipped.len()), (0, 1));
    let err = Calibration::fit(&h, CalibrateOptions::default(), None).unwrap_err();
    assert!(
        err.to_string()
            .contains("1 had no evidence dated before them"),
        "{err}"
    );
}

#[test]
fn one_outcome_only_or_too_few_are_errors() {
    let mut p = Portfolio::sample().unwrap();
    let only_renewals: String = SAMPLE_OUTCOMES_CSV
        .lines()
        .filter(|l| !l.contains(",churned,"))
        .map(|l| format!("{l}\n"))
        .collect();
    p.import_outcomes_csv(only_renewals.as_bytes()).unwrap();
    let h = RenewalHistory::collect(&p.accounts, &p.context()).unwrap();
    let err = Calibration::fit(&h, CalibrateOptions::default(), None).unwrap_err();
    assert!(err.to_string().contains("are renewals"), "{err}");

    let mut p = Portfolio::sample().unwrap();
    let few: String = SAMPLE_OUTCOMES_CSV
        .lines()
        .take(6)
        .map(|l| format!("{l}\n"))
        .collect();
    p.import_outcomes_csv(few.as_bytes()).unwrap();
    let h = RenewalHistory::collect(&p.accounts, &p.context()).unwrap();
    let err = Calibration::fit(&h, CalibrateOptions::default(), None).unwrap_err();
    assert!(err.to_string().contains("cannot fit"), "{err}");
}

#[test]
fn bad_outcome_rows_are_named_and_the_rest_kept() {
    let mut p = Portfolio::sample().unwrap();
    let csv = "account,decided_at,outcome,nps,health.adoption,health.nonsense\n\
               nobody,2026-05-31,renewed,,,\n\
               acme-logistics,2026-05-31,maybe,,,\n\
               acme-logistics,2026-05-31,renewed,11,,\n\
               acme-logistics,2026-05-31,renewed,9,,3\n\
               acme-logistics,not a date,renewed,,,\n\
               acme-logistics,2026-05-31,renewed,9 8,0.5,\n";
    let import = p.import_outcomes_csv(csv.as_bytes()).unwrap();
    let errors: Vec<String> = import.rejected.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 5, "{errors:#?}");
    assert!(errors[0].contains("line 2") && errors[0].contains("no account has id"));
    assert!(errors[1].contains("line 3") && errors[1].contains("renewal result"));
    assert!(errors[2].contains("line 4") && errors[2].contains("NPS answer"));
    assert!(errors[3].contains("line 5") && errors[3].contains("nonsense"));
    assert!(errors[4].contains("line 6") && errors[4].contains("decided_at"));
    assert_eq!(p.accounts[0].renewals.len(), 1);
}

#[test]
fn the_sample_calibrates_and_kestrel_sits_in_the_riskiest_quarter() {
    let mut p = Portfolio::sample().unwrap();
    let import = p
        .import_outcomes_csv(SAMPLE_OUTCOMES_CSV.as_bytes())
        .unwrap();
    assert!(import.rejected.is_empty(), "{:?}", import.rejected);
    let h = RenewalHistory::collect(&p.accounts, &p.context()).unwrap();
    let options = CalibrateOptions {
        l2: 1.0,
        ..CalibrateOptions::default()
    };
    let c = Calibration::fit(&h, options, Some(day(11, 26))).unwrap();
    assert_eq!(c.decisions, 108);
    assert!(c.validation.model.auc > 0.6, "{:?}", c.validation.model);

    // The file round-trips, and a report with it says it is calibrated.
    let back = Calibration::from_json(&c.to_json().unwrap()).unwrap();
    assert_eq!(back.fit, c.fit);
    let mut ctx = p.context();
    ctx.renewal_logit = back.fit.model;
    let mut renewal: Vec<(f64, String)> = p
        .accounts
        .iter()
        .map(|a| {
            let d = a.diagnose_with(&ctx).unwrap();
            assert!(d.findings.renewal_calibrated);
            (d.findings.renewal_probability, d.account)
        })
        .collect();
    renewal.sort_by(|a, b| a.0.total_cmp(&b.0));
    let riskiest: Vec<&str> = renewal[..3].iter().map(|(_, id)| id.as_str()).collect();
    assert!(riskiest.contains(&"kestrel-pharma"), "{renewal:?}");
}

#[test]
fn a_tampered_model_file_does_not_load() {
    let mut p = Portfolio::sample().unwrap();
    p.import_outcomes_csv(SAMPLE_OUTCOMES_CSV.as_bytes())
        .unwrap();
    let h = RenewalHistory::collect(&p.accounts, &p.context()).unwrap();
    let options = CalibrateOptions {
        l2: 1.0,
        ..CalibrateOptions::default()
    };
    let json = Calibration::fit(&h, options, None)
        .unwrap()
        .to_json()
        .unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["fit"]["model"]["coefficients"][1] = serde_json::json!(-3.0);
    let err = Calibration::from_json(&v.to_string()).unwrap_err();
    assert!(
        err.to_string().contains("renewal coefficient trust"),
        "{err}"
    );
}

#[test]
fn tenure_is_counted_to_the_decision_and_cannot_precede_the_customer() {
    let mut a = Account::new("a", "A");
    a.customer_since = Some(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
    a.experiences = vec![experience(1, 10, 0.9, ExperienceKind::PromiseKept)];
    a.renewals = vec![RenewalDecision::new(day(3, 1), RenewalResult::Renewed)];
    let ctx = DiagnosisContext {
        as_of: Some(day(11, 26)),
        ..DiagnosisContext::default()
    };
    let h = RenewalHistory::collect([&a], &ctx).unwrap();
    // 2024-03-01 to 2026-03-01: 730 days, 1.9986 years; the feature is ln(1 + y) − ln 3.
    let years = 730.0 / 365.25;
    assert!((h.rows[0][10] - ((1.0f64 + years).ln() - 3f64.ln())).abs() < 1e-12);
    // Today's tenure, for the account's own renewal, is longer.
    let today = a.renewal_inputs(&ctx).unwrap().tenure_years.unwrap();
    assert!(today > years + 0.7, "{today}");
    // A decision before the account was a customer is refused, naming the field.
    a.customer_since = Some(NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
    let err = a.validate(&ctx).unwrap_err().to_string();
    assert!(
        err.contains("renewals[0]") && err.contains("customer_since is after it"),
        "{err}"
    );
}
