//! The dashboard page: self-contained, every account present, account detail for the riskiest.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use trustkit_portfolio::{DETAIL_ACCOUNTS, Diagnosis, Portfolio, dashboard};

fn diagnoses(detail: bool) -> Vec<Diagnosis> {
    let p = Portfolio::sample().unwrap();
    let mut ctx = p.context();
    ctx.detail = detail;
    p.accounts
        .iter()
        .map(|a| a.diagnose_with(&ctx).unwrap())
        .collect()
}

#[test]
fn detail_is_only_computed_when_asked_and_never_serialised_otherwise() {
    let plain = diagnoses(false);
    assert!(plain.iter().all(|d| d.detail.is_none()));
    assert!(
        !serde_json::to_string(&plain[0])
            .unwrap()
            .contains("\"detail\"")
    );
    let with = diagnoses(true);
    let acme = with[0].detail.as_ref().unwrap();
    assert_eq!(acme.trajectory.len(), 6);
    assert_eq!(acme.metrics.len(), 4);
    assert_eq!(acme.beliefs.len(), 4);
    // Diagnosing with detail changes nothing else.
    for (a, b) in plain.iter().zip(&with) {
        let mut b = b.clone();
        b.detail = None;
        assert_eq!(a, &b);
    }
}

#[test]
fn the_page_opens_every_detailed_account_and_draws_its_evidence() {
    let page = dashboard("Sample", &diagnoses(true), "2026-11-25");
    assert_eq!(page.matches("<details id=\"d-").count(), 12);
    // The riskiest account's section comes first, linked from its row.
    assert!(page.contains("<details id=\"d-0\"><summary><b>Acme Logistics</b>"));
    assert!(page.contains("<a href=\"#d-0\"><b>Acme Logistics</b></a>"));
    // Its broken promises are drawn and named, the prior before them, dates on the axis.
    assert!(page.contains("promise broken</text>"));
    assert!(page.contains("<title>prior 0.60</title>"));
    assert!(page.contains(">2026-01-05</text>"));
    // Metrics against their limits, with the colour in words; the journey's gaps.
    assert!(page.contains("red ≥ 10, green ≤ 2"));
    assert!(page.contains("Gaps: no moment in"));
    // Self-contained: nothing to fetch.
    assert!(!page.contains("http://") && !page.contains("https://") && !page.contains(" src="));
    // Without details, no section.
    let bare = dashboard("Sample", &diagnoses(false), "2026-11-25");
    assert!(!bare.contains("<details"));
    const { assert!(DETAIL_ACCOUNTS >= 100) };
}

#[test]
fn an_account_without_experiences_says_so_instead_of_an_empty_chart() {
    let page = dashboard("Sample", &diagnoses(true), "2026-11-25");
    assert!(page.contains("No experiences recorded: trust is the prior only."));
}

#[test]
fn the_header_gives_the_portfolio_nps_with_its_margin() {
    let p = Portfolio::sample().unwrap();
    let answers: Vec<u8> = p
        .accounts
        .iter()
        .flat_map(|a| a.nps.iter().copied())
        .collect();
    let all = trustkit_loyalty::Nps::from_answers(&answers).unwrap();
    let expected = format!(
        "NPS<b>{:+.0} ± {:.0}</b><span class=\"muted\">{} answers</span>",
        all.score(),
        all.margin_of_error(1.96),
        answers.len()
    );
    let page = dashboard("Sample", &diagnoses(false), "2026-11-25");
    assert!(page.contains(&expected), "{expected}");
}
