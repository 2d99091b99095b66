//! The diagnosis pipeline at portfolio scale: typed errors with the account's position, id and
//! cause; JSON Lines; streaming in chunks with the same output as a whole-portfolio diagnosis.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use trustkit_core::Trend;
use trustkit_portfolio::{
    Account, AccountError, Blend, Diagnoses, Diagnosis, DiagnosisContext, Error, JsonLinesReader,
    Portfolio, PortfolioHeader,
};

fn json_lines(p: &Portfolio) -> String {
    let mut out = Vec::new();
    p.write_json_lines(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn account_errors_keep_position_id_and_typed_cause() {
    let err = Portfolio::from_json(
        r#"{"schema_version": 1, "accounts": [{"id": "a", "name": "A"},
            {"id": "b", "name": "B", "health": {"mood": 3}}]}"#,
    )
    .unwrap_err();
    match &err {
        Error::Account {
            index: 1,
            id,
            source: AccountError::Health(trustkit_loyalty::Error::UnknownMetric { metric, .. }),
        } => {
            assert_eq!((id.as_str(), metric.as_str()), ("b", "mood"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().starts_with("accounts[1] (b): health: "),
        "{err}"
    );
    // The cause is reachable through std's source chain too.
    let source = std::error::Error::source(&err).unwrap();
    assert!(source.to_string().starts_with("health: "), "{source}");

    let mut bad = Account::new("x", "X");
    bad.nps = vec![9, 11];
    assert!(matches!(
        bad.diagnose(),
        Err(AccountError::Nps(trustkit_loyalty::Error::NpsAnswer {
            value: 11,
            ..
        }))
    ));
    bad.nps.clear();
    bad.market.respect = Some(2.0);
    assert!(matches!(
        bad.validate(&DiagnosisContext::default()),
        Err(AccountError::Value {
            field: "market.respect",
            ..
        })
    ));
    bad.market.respect = Some(0.5);
    bad.prior = Some(-0.1);
    assert!(matches!(
        bad.diagnose(),
        Err(AccountError::Value { field: "prior", .. })
    ));
    // A previous health score is checked even when the account has no current metrics.
    bad.prior = None;
    bad.previous_health = Some(250.0);
    assert!(matches!(
        bad.diagnose(),
        Err(AccountError::Value {
            field: "previous_health",
            ..
        })
    ));
}

#[test]
fn experiences_out_of_order_name_the_experience_in_validation_and_diagnosis() {
    let p = Portfolio::sample().unwrap();
    let mut a = p.accounts[0].clone();
    a.experiences.swap(1, 2);
    let ctx = p.context();
    for err in [
        a.validate(&ctx).unwrap_err(),
        a.diagnose_with(&ctx).unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                AccountError::Experience {
                    index: 2,
                    source: trustkit_learning::Error::TimeWentBackwards { .. }
                }
            ),
            "{err:?}"
        );
    }
}

#[test]
fn strict_json_trailing_text_and_bom() {
    let ok = r#"{"schema_version": 1, "accounts": []}"#;
    assert!(Portfolio::from_json(ok).is_ok());
    assert!(Portfolio::from_json(&format!("\u{feff}{ok}")).is_ok());
    let err = Portfolio::from_json(&format!("{ok}\n{{\"extra\": 1}}")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Json {
                at: trustkit_core::Location { line: 2, .. },
                ..
            }
        ) && err.to_string().contains("trailing"),
        "{err}"
    );
}

#[test]
fn csv_errors_give_the_records_real_line() {
    let mut p = Portfolio::sample().unwrap();
    // A quoted field spanning two lines and a blank line come before the bad record on line 6.
    let csv = "account,time,reward,moment\n\
               \"cobalt-retail\",2026-03-01T00:00:00Z,0.5,\"proof\"\n\
               \"cobalt-\nretail\",2026-03-02T00:00:00Z,0.5,proof\n\
               \n\
               cobalt-retail,2026-03-03T00:00:00Z,oops,proof\n";
    let err = p
        .import_experiences_csv(csv.as_bytes())
        .and_then(trustkit_portfolio::Import::strict)
        .unwrap_err();
    // The multi-line id is unknown: reported where its record starts, line 3.
    assert!(
        err.to_string().starts_with("line 3, field \"account\""),
        "{err}"
    );
    let csv = "account,time,reward\n\"cobalt-retail\",2026-03-01T00:00:00Z,0.5\n\ncobalt-retail,2026-03-03T00:00:00Z,oops\n";
    let err = p
        .import_experiences_csv(csv.as_bytes())
        .and_then(trustkit_portfolio::Import::strict)
        .unwrap_err();
    assert!(
        err.to_string().starts_with("line 4, field \"reward\""),
        "{err}"
    );
    let err = p
        .import_experiences_csv("account,time,reward,reward\n".as_bytes())
        .and_then(trustkit_portfolio::Import::strict)
        .unwrap_err();
    assert!(err.to_string().contains("column appears twice"), "{err}");
}

#[test]
fn json_lines_round_trip_and_same_diagnoses() {
    let p = Portfolio::sample().unwrap();
    let text = json_lines(&p);
    assert_eq!(text.lines().count(), 1 + p.accounts.len());
    let back = Portfolio::from_json_lines(text.as_bytes()).unwrap();
    assert_eq!(back, p);
    let streamed: Vec<Diagnosis> = JsonLinesReader::new(text.as_bytes())
        .unwrap()
        .diagnoses()
        .with_chunk(5)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(streamed, p.diagnose_all().unwrap());
}

#[test]
fn json_lines_errors_name_the_line_and_keep_going() {
    let text = "\u{feff}{\"schema_version\": 1, \"name\": \"n\"}\n\
                {\"id\": \"a\", \"name\": \"A\"}\n\
                \n\
                {\"id\": \"b\", \"name\": \"B\", \"experiences\": [{\"reward\": 2, \"at\": \"2026-01-01T00:00:00Z\"}]}\n\
                {\"id\": \"a\", \"name\": \"again\"}\n\
                {\"id\": \"c\", \"name\": \"C\"} trailing\n\
                {\"id\": \"d\", \"name\": \"D\"}\n";
    let reader = JsonLinesReader::new(text.as_bytes()).unwrap();
    assert_eq!(
        reader.header(),
        &PortfolioHeader {
            schema_version: 1,
            name: "n".into(),
            scorecard: None,
            units: Default::default(),
        }
    );
    let results: Vec<Result<Account, Error>> = reader.collect();
    assert_eq!(results.len(), 5);
    assert!(results[0].is_ok() && results[4].is_ok());
    let e1 = results[1].as_ref().unwrap_err();
    assert!(
        matches!(
            e1,
            Error::Json {
                at: trustkit_core::Location { line: 4, .. },
                ..
            }
        ) && e1
            .to_string()
            .starts_with("accounts[1].experiences[0], line 4, column 85: reward must be"),
        "{e1}"
    );
    assert!(matches!(&results[2], Err(Error::DuplicateAccount(id)) if id == "a"));
    assert!(
        matches!(
            &results[3],
            Err(Error::Json {
                at: trustkit_core::Location { line: 6, .. },
                ..
            })
        ),
        "{:?}",
        results[3]
    );

    // The diagnosing stream gives the same verdicts in the same places.
    let verdicts: Vec<bool> = JsonLinesReader::new(text.as_bytes())
        .unwrap()
        .diagnoses()
        .map(|d| d.is_ok())
        .collect();
    assert_eq!(verdicts, [true, false, false, false, true]);

    for (bad, needle) in [
        ("", "empty file"),
        ("{\"schema_version\": 2}\n", "schema_version 2"),
        (
            "{\"schema_version\": 1, \"accounts\": []}\n",
            "header.accounts",
        ),
    ] {
        let err = JsonLinesReader::new(bad.as_bytes()).err().unwrap();
        assert!(err.to_string().contains(needle), "{bad:?}: {err}");
    }
}

#[test]
fn chunked_streams_equal_the_whole_portfolio_and_keep_errors_in_place() {
    let p = Portfolio::sample().unwrap();
    let whole = p.diagnose_all().unwrap();
    for chunk in [1, 5, 12, 100] {
        let mut items: Vec<Result<Account, Error>> = p.accounts.iter().cloned().map(Ok).collect();
        items.insert(3, Err(Error::UnknownAccount("ghost".into())));
        let mut bad = Account::new("bad", "Bad");
        bad.nps = vec![12];
        items.push(Ok(bad));
        let out: Vec<Result<Diagnosis, Error>> = Diagnoses::new(p.context(), items.into_iter())
            .with_chunk(chunk)
            .collect();
        assert_eq!(out.len(), 14);
        assert!(matches!(out[3], Err(Error::UnknownAccount(_))));
        match &out[13] {
            Err(Error::Account {
                index: 13,
                id,
                source: AccountError::Nps(_),
            }) => assert_eq!(id, "bad"),
            other => panic!("{other:?}"),
        }
        let good: Vec<Diagnosis> = out.into_iter().filter_map(Result::ok).collect();
        assert_eq!(good, whole, "chunk {chunk}");
    }
}

#[test]
fn one_document_diagnosed_while_parsed_equals_diagnose_all() {
    let p = Portfolio::sample().unwrap();
    let expected = p.diagnose_all().unwrap();
    let collect = |json: &str| {
        let mut got = Vec::new();
        let header = Portfolio::diagnose_json(json, &mut |_, d| {
            got.push(d);
            true
        });
        (header, got)
    };
    // As trustkit writes it (settings first, streamed) and with the accounts first (held).
    let written = p.to_json().unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&written).unwrap();
    let accounts = value["accounts"].take();
    let reordered = format!(
        "{{\"accounts\": {accounts}, \"name\": {}, \"schema_version\": 1}}",
        value["name"]
    );
    for json in [written.as_str(), reordered.as_str()] {
        let (header, got) = collect(json);
        assert_eq!(header.unwrap().name, p.name);
        let got: Vec<Diagnosis> = got.into_iter().collect::<Result<_, _>>().unwrap();
        assert_eq!(got, expected);
    }
    // A stop from the sink ends the run early.
    let mut n = 0;
    Portfolio::diagnose_json(&written, &mut |_, _| {
        n += 1;
        n < 2
    })
    .unwrap();
    assert_eq!(n, 2);
    // A malformed account is an error with its JSON path; a duplicate id is reported in place.
    let bad = written.replacen("\"reward\": 0.8", "\"reward\": 1.8", 1);
    let err = collect(&bad).0.unwrap_err();
    assert!(
        err.to_string()
            .contains("accounts[0].experiences[0], line 95, column 8: reward must be"),
        "{err}"
    );
    let dup = r#"{"schema_version": 1, "scorecard": null, "accounts": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}"#;
    let (header, got) = collect(dup);
    assert!(header.is_ok());
    assert!(got[0].is_ok() && matches!(&got[1], Err(Error::DuplicateAccount(_))));
    let (header, _) = collect(r#"{"schema_version": 7, "scorecard": null, "accounts": []}"#);
    assert!(matches!(header, Err(Error::SchemaVersion { found: 7, .. })));
}

#[test]
fn blend_is_validated_on_construction_and_deserialisation() {
    assert!(Blend::new(f64::NAN, 1.0, 1.0).is_err());
    assert!(Blend::new(0.0, 0.0, 0.0).is_err());
    assert!(
        serde_json::from_str::<Blend>(r#"{"equation": -1, "assessment": 1, "learned": 1}"#)
            .is_err()
    );
    let b: Blend =
        serde_json::from_str(r#"{"equation": 0, "assessment": 0, "learned": 1}"#).unwrap();
    // Only learned trust counts: an account with an equation and a history takes its learned trust.
    let ctx = DiagnosisContext {
        blend: b,
        ..DiagnosisContext::default()
    };
    let a = &Portfolio::sample().unwrap().accounts[0];
    let d = a.diagnose_with(&ctx).unwrap().findings;
    assert_eq!(d.trust.value(), d.learned.as_ref().unwrap().trust);
    assert_eq!(b.combine(None, None, None), None);
}

#[test]
fn one_trend_type_everywhere() {
    let d = Portfolio::sample().unwrap().diagnose_all().unwrap();
    let learned: Vec<Trend> = d
        .iter()
        .filter_map(|d| d.findings.learned.as_ref().map(|l| l.trend))
        .collect();
    let health: Vec<Trend> = d
        .iter()
        .filter_map(|d| d.findings.health.as_ref().and_then(|h| h.trend))
        .collect();
    assert!(!learned.is_empty() && !health.is_empty());
    for d in &d {
        if let Some(l) = &d.findings.learned {
            assert_eq!(
                Some(l.trend),
                Trend::of(l.change, trustkit_portfolio::LEARNED_TREND_DEAD_BAND)
            );
        }
    }
}

#[test]
fn units_catch_a_percent_given_as_a_fraction() {
    // Regression: adoption 23 (meaning 23 %) was clamped and scored green 82 with no warning.
    let err = Portfolio::from_json(
        r#"{"schema_version": 1, "accounts": [{"id": "a", "name": "A", "health": {"adoption": 23}}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "accounts[0] (a): health.adoption: 23 is not a fraction (0–1); is it in percent?"
    );
    // The default scorecard's limits are fractions: declaring percent would score 23 against 0.3
    // and 0.7, so it is refused with what to do instead.
    let err = Portfolio::from_json(
        r#"{"schema_version": 1, "units": {"adoption": "percent"},
            "accounts": [{"id": "a", "name": "A", "health": {"adoption": 23}}]}"#,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Units { .. }), "{err}");
    assert!(err.to_string().contains("convert the values"), "{err}");
}

#[test]
fn crm_facts_reach_the_diagnosis() {
    let mut a = Account::new("a", "A");
    a.arr = Some(120_000.0);
    a.currency = Some("EUR".into());
    a.owner = Some("dana".into());
    a.renewal_date = chrono::NaiveDate::from_ymd_opt(2027, 3, 31);
    a.attributes.insert("Region".into(), "EMEA".into());
    let ctx = DiagnosisContext {
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
        ..DiagnosisContext::default()
    };
    let d = a.diagnose_with(&ctx).unwrap();
    assert_eq!(d.days_to_renewal, Some(126));
    let at_risk = 120_000.0 * (1.0 - d.findings.renewal_probability);
    assert!((d.revenue_at_risk.unwrap() - at_risk).abs() < 1e-9);
    assert_eq!(d.attributes["Region"], "EMEA");
    a.arr = Some(-5.0);
    assert!(matches!(
        a.validate(&ctx),
        Err(AccountError::Value { field: "arr", .. })
    ));
}

#[test]
fn fuzz_regression_a_refused_response_stays_out_of_the_portfolio() {
    // fuzz/artifacts/csv_imports/crash-8b8af817…: an unknown item was imported, reported, and left
    // in the account, which then no longer diagnosed.
    let mut p = Portfolio::sample().unwrap();
    let csv = "account,respondent,role,answered_at,item,answer\n\
               juniper-telecom,zoe,user,2026-03-01T00:00:00Z,needs.problem,4\n\
               juniper-telecom,zoe,user,2026-03-01T00:00:00Z,feir.pricing,n/a\n";
    let import = p.import_responses_csv(csv.as_bytes()).unwrap();
    assert_eq!(import.rejected.len(), 1);
    assert!(
        import.rejected[0].to_string().contains("feir.pricing"),
        "{:?}",
        import.rejected
    );
    assert!(p.diagnose_all().is_ok());
}

#[test]
fn a_document_without_units_still_streams_and_units_after_accounts_are_refused() {
    let json = r#"{"schema_version": 1, "scorecard": null, "accounts": [{"id": "a", "name": "A", "health": {"adoption": 0.5}}]}"#;
    let mut n = 0;
    Portfolio::diagnose_json(json, &mut |_, d| {
        n += usize::from(d.is_ok());
        true
    })
    .unwrap();
    assert_eq!(n, 1);
    let late = r#"{"schema_version": 1, "scorecard": null, "accounts": [{"id": "a", "name": "A"}], "units": {"x": "count"}}"#;
    let err = Portfolio::diagnose_json(late, &mut |_, _| true).unwrap_err();
    assert!(
        err.to_string().contains("units must come before accounts"),
        "{err}"
    );
}

#[test]
fn unstated_market_facts_are_unknown_to_the_renewal_model() {
    let bare = Account::new("b", "B").diagnose().unwrap().findings;
    for input in [
        "health",
        "nps",
        "betrayal",
        "value_advantage",
        "switching_cost",
        "respect",
    ] {
        assert!(
            bare.renewal_missing.iter().any(|m| m == input),
            "{input}: {:?}",
            bare.renewal_missing
        );
    }
    assert!(!bare.renewal_calibrated);
    let mut stated = Account::new("s", "S");
    stated.market.respect = Some(0.9);
    let f = stated.diagnose().unwrap().findings;
    assert!(!f.renewal_missing.iter().any(|m| m == "respect"));
    // Respect of 0.9 is evidence, and it raises renewal above the account that states nothing.
    assert!(f.renewal_probability > bare.renewal_probability);
}

#[test]
fn the_dashboard_is_one_self_contained_page() {
    let mut p = Portfolio::sample().unwrap();
    p.accounts[0].name = "<script>alert('x')</script> & Co".into();
    let page = trustkit_portfolio::dashboard("Book <1>", &p.diagnose_all().unwrap(), "2026-11-25");
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    // Every account is there; names are escaped; nothing is fetched from anywhere.
    for a in &p.accounts[1..] {
        assert!(page.contains(&format!(">{}<", a.id)), "{}", a.id);
    }
    assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
    assert!(page.contains("Book &lt;1&gt;"));
    for forbidden in ["http://", "https://", "src=", "@import", "url("] {
        assert!(!page.contains(forbidden), "{forbidden}");
    }
    // Colour is never the only signal: every badge carries its word.
    assert_eq!(page.matches("class=\"rag red\">▲ red").count(), 2);
}

/// Regression (portfolio_json_lines fuzz target): an id whose account was rejected still counts as
/// seen, so a later line with it is a duplicate both when reading and when diagnosing.
#[test]
fn a_rejected_account_still_claims_its_id_on_every_path() {
    let text = "{\"schema_version\": 1}\n{\"id\": \"a\", \"name\": \"A\", \"nps\": [20]}\n{\"id\": \"a\", \"name\": \"A\"}\n";
    let read: Vec<Result<Account, Error>> =
        JsonLinesReader::new(text.as_bytes()).unwrap().collect();
    let diagnosed: Vec<bool> = JsonLinesReader::new(text.as_bytes())
        .unwrap()
        .diagnoses()
        .map(|d| matches!(d, Err(Error::DuplicateAccount(_))))
        .collect();
    assert!(matches!(read[1], Err(Error::DuplicateAccount(_))));
    assert_eq!(diagnosed, [false, true]);
}
