//! The `trustkit` binary: golden output for the bundled sample, every subcommand, and error paths.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use assert_cmd::Command;

fn trustkit() -> Command {
    Command::cargo_bin("trustkit").unwrap_or_else(|e| panic!("binary not built: {e}"))
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/golden/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A CSV report's header and records.
fn csv_report(bytes: &[u8]) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut rows = csv::Reader::from_reader(bytes);
    let header = rows.headers().unwrap().clone();
    (header, rows.records().map(Result::unwrap).collect())
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn report_on_the_bundled_sample_matches_the_golden_csv() {
    assert_eq!(
        stdout(trustkit().args(["report", "--format", "csv", "--as-of", "2026-11-25"])),
        golden("report.csv")
    );
}

#[test]
fn report_table_and_json() {
    let table = stdout(trustkit().arg("report"));
    assert!(table.starts_with("trustkit sample portfolio\n"));
    assert!(
        !table.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    // Title, blank, header, twelve accounts, then the roll-ups by segment and owner.
    let rows: Vec<&str> = table
        .lines()
        .skip(3)
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(rows.len(), 12);
    assert!(
        table.lines().all(|l| l.chars().count() <= 120),
        "fits 120 columns"
    );
    assert!(
        table.contains("by segment") && table.contains("by owner"),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(trustkit().args(["report", "--format", "json"]))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 12);
    assert_eq!(json[0]["account"], "acme-logistics");
    assert_eq!(json[0]["action"]["moment"], "truth");
}

#[test]
fn simulations_match_their_golden_tables() {
    for (experiment, file) in [
        ("trust-game", "trust-game.csv"),
        ("partner-choice", "partner-choice.csv"),
        ("switching", "switching.csv"),
    ] {
        assert_eq!(
            stdout(trustkit().args(["simulate", experiment, "--format", "csv"])),
            golden(file),
            "{experiment}"
        );
    }
}

#[test]
fn simulate_writes_svg_charts() {
    let dir = std::env::temp_dir().join(format!("trustkit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for experiment in ["trust-game", "partner-choice", "switching"] {
        let svg = dir.join(format!("{experiment}.svg"));
        stdout(
            trustkit()
                .args(["simulate", experiment, "--subjects", "200", "--svg"])
                .arg(&svg),
        );
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.starts_with("<svg"), "{experiment}");
        assert!(text.contains("<polyline"), "{experiment}: no lines drawn");
    }
    let svg = dir.join("trajectory.svg");
    let out = stdout(
        trustkit()
            .args(["plot", "trajectory", "acme-logistics", "--svg"])
            .arg(&svg),
    );
    assert!(out.contains("6 experiences"));
    assert!(std::fs::read_to_string(&svg).unwrap().contains("truth"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn fit_compares_models() {
    let out = stdout(trustkit().args([
        "fit",
        &data("histories.csv"),
        "--model",
        "all",
        "--starts",
        "1",
        "--format",
        "csv",
    ]));
    assert_eq!(out.lines().count(), 1 + 5);
    assert!(out.contains("gain_loss,3,2000,"));
    let one = stdout(trustkit().args([
        "fit",
        &data("histories.csv"),
        "--model",
        "gain_loss",
        "--starts",
        "1",
    ]));
    assert!(one.contains("best by AIC: gain_loss"));
    assert!(one.contains("alpha_gain=0.2"), "{one}");
}

#[test]
fn assess_scores_responses() {
    let out = stdout(trustkit().args(["assess", &data("responses.json")]));
    assert!(out.contains("2 responses"));
    assert!(
        out.contains("weakest belief: they will do what they say"),
        "{out}"
    );
}

#[test]
fn bad_input_exits_1_and_names_the_file_and_place() {
    let cases: [(&[&str], &str); 7] = [
        (
            &["report", "/no/such/portfolio.json"],
            "/no/such/portfolio.json: ",
        ),
        (
            &["report", &data("bad-portfolio.json")],
            "bad-portfolio.json: accounts[0].experiences[0], line 2, column 89: reward must be a finite number in [0, 1], got 1.5",
        ),
        (
            &["fit", &data("bad-histories.csv")],
            "bad-histories.csv: line 3, field \"reward\": \"oops\" is not a number",
        ),
        (
            &["fit", &data("histories.csv"), "--model", "best"],
            "unknown model \"best\"",
        ),
        (
            &["assess", &data("bad-histories.csv")],
            "bad-histories.csv: line 1, field \"account\": missing required column",
        ),
        (
            &["assess", &data("bad-responses.json")],
            "bad-responses.json: invalid responses JSON at [0].answers.needs.problem, line 1, column 112: invalid value: string \"maybe\"",
        ),
        (
            &["plot", "trajectory", "nobody", "--svg", "/tmp/x.svg"],
            "no account has id \"nobody\"",
        ),
    ];
    for (args, needle) in cases {
        let out = trustkit().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("error: ") && err.contains(needle),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let histories = data("histories.csv");
    let responses = data("responses.json");
    for args in [
        &["report", "--format", "xml"][..],
        &["simulate", "dice"],
        &[],
        // Regression: a count of zero is a usage error (2), not bad input (1).
        &["fit", &histories, "--starts", "0"],
        &["fit", &histories, "--starts", "100000"],
        &["assess", &responses, "--min-respondents", "0"],
    ] {
        assert_eq!(
            trustkit().args(args).output().unwrap().status.code(),
            Some(2),
            "{args:?}"
        );
    }
    let help = stdout(trustkit().arg("--help"));
    assert!(help.contains("Examples:") && help.contains("Exit codes"));
}

#[test]
fn report_imports_csv_first() {
    let out = stdout(trustkit().args([
        "report",
        "--format",
        "csv",
        "--experiences",
        &data("experiences.csv"),
    ]));
    let cobalt = out
        .lines()
        .find(|l| l.starts_with("cobalt-retail,"))
        .unwrap();
    // A fresh broken promise: the playbook now calls for a moment of truth.
    assert!(cobalt.contains(",truth,"), "{cobalt}");
    // A bad row is named and the rest reported (exit code 3); --strict stops at it (exit code 1).
    let kept = trustkit()
        .args(["report", "--experiences", &data("bad-experiences.csv")])
        .output()
        .unwrap();
    assert_eq!(kept.status.code(), Some(3));
    let msg = String::from_utf8_lossy(&kept.stderr);
    assert!(
        msg.contains("rejected: ") && msg.contains("bad-experiences.csv: line 2, field \"reward\""),
        "{msg}"
    );
    assert!(msg.contains("12 reported, 1 rejected"), "{msg}");
    assert!(String::from_utf8_lossy(&kept.stdout).contains("Acme Logistics"));
    let err = trustkit()
        .args([
            "report",
            "--strict",
            "--experiences",
            &data("bad-experiences.csv"),
        ])
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&err.stderr);
    assert!(
        msg.starts_with("error: ") && msg.contains("bad-experiences.csv: line 2, field \"reward\""),
        "{msg}"
    );
}

/// The sample's accounts repeated under new ids until there are `n`, as a JSON document and as JSON
/// Lines, in a temporary directory.
fn big_portfolio(n: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    let sample = trustkit::portfolio::Portfolio::sample().unwrap();
    let mut p = sample.clone();
    p.accounts = (0..n)
        .map(|k| {
            let mut a = sample.accounts[k % sample.accounts.len()].clone();
            a.id = format!("{}-{k}", a.id);
            a
        })
        .collect();
    let dir = std::env::temp_dir().join(format!("trustkit-cli-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (json, jsonl) = (dir.join("book.json"), dir.join("book.jsonl"));
    std::fs::write(&json, p.to_json().unwrap()).unwrap();
    let mut lines = Vec::new();
    p.write_json_lines(&mut lines).unwrap();
    std::fs::write(&jsonl, lines).unwrap();
    (json, jsonl)
}

#[test]
fn report_streams_the_same_rows_from_json_and_json_lines_on_any_thread_count() {
    // More accounts than one chunk (2048), so chunk boundaries are crossed.
    let (json, jsonl) = big_portfolio(5000);
    let run = |path: &std::path::Path, threads: &str, format: &str| {
        stdout(trustkit().env("RAYON_NUM_THREADS", threads).args([
            "report",
            path.to_str().unwrap(),
            "--format",
            format,
        ]))
    };
    let reference = run(&json, "1", "csv");
    assert_eq!(reference.lines().count(), 5001);
    assert_eq!(run(&json, "2", "csv"), reference);
    assert_eq!(run(&jsonl, "1", "csv"), reference);
    assert_eq!(run(&jsonl, "2", "csv"), reference);
    // The table sizes its columns on the first 1000 rows and keeps them after.
    let table = run(&jsonl, "2", "table");
    let rows = table.lines().skip(3).take_while(|l| !l.is_empty()).count();
    assert_eq!(rows, 5000);
}

#[test]
fn report_json_is_the_pretty_array_and_jsonl_one_diagnosis_a_line() {
    let sample = trustkit::portfolio::Portfolio::sample().unwrap();
    let mut ctx = sample.context();
    ctx.as_of = trustkit::chrono::NaiveDate::from_ymd_opt(2026, 11, 25);
    let expected: Vec<_> = sample
        .accounts
        .iter()
        .map(|a| a.diagnose_with(&ctx).unwrap())
        .collect();
    let json = stdout(trustkit().args(["report", "--format", "json", "--as-of", "2026-11-25"]));
    assert_eq!(
        json,
        serde_json::to_string_pretty(&expected).unwrap() + "\n"
    );
    let jsonl = stdout(trustkit().args(["report", "--format", "jsonl", "--as-of", "2026-11-25"]));
    let back: Vec<trustkit::portfolio::Diagnosis> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(back, expected);
    // An empty portfolio is an empty array.
    let dir = std::env::temp_dir().join(format!("trustkit-cli-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.json");
    std::fs::write(&empty, r#"{"schema_version": 1, "accounts": []}"#).unwrap();
    assert_eq!(
        stdout(trustkit().args(["report", empty.to_str().unwrap(), "--format", "json"])),
        "[]\n"
    );
}

#[test]
fn report_on_json_lines_names_the_line_of_a_bad_account() {
    let dir = std::env::temp_dir().join(format!("trustkit-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.jsonl");
    std::fs::write(
        &path,
        "{\"schema_version\": 1}\n{\"id\": \"a\", \"name\": \"A\"}\n{\"id\": \"b\", \"name\": \"B\", \"nps\": [11]}\n",
    )
    .unwrap();
    let out = trustkit()
        .args(["report", path.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    // Account a is reported; b is named on stderr; exit code 3 says some were rejected.
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.jsonl: accounts[1] (b): nps: NPS answer #0 is 11"),
        "{err}"
    );
}

#[test]
fn report_reads_a_crm_export_with_a_mapping_and_keeps_going() {
    let out = trustkit()
        .args([
            "report",
            "--accounts",
            &data("salesforce-accounts.csv"),
            "--mapping",
            &data("salesforce-mapping.toml"),
            "--experiences",
            &data("touchpoints-newest-first.csv"),
            "--format",
            "csv",
            "--as-of",
            "2026-11-25",
        ])
        .output()
        .unwrap();
    // Two of five rows are bad (a negative ARR, a day-first date): the other three are reported.
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 5, field \"ARR (USD)\": ARR -5 is negative"),
        "{err}"
    );
    assert!(
        err.contains("line 6, field \"Renewal Date\": \"31/03/2027\" is not a date"),
        "{err}"
    );
    assert!(err.contains("ignored columns Logged By"), "{err}");
    assert!(
        err.contains("read 5 accounts: 3 reported, 2 rejected"),
        "{err}"
    );
    let (header, records) = csv_report(&out.stdout);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(records.len(), 3);
    // Pass-through columns come back for the join to the CRM.
    assert_eq!(&records[0][col("Region")], "EMEA");
    assert_eq!(&records[1][col("name")], "Borealis Health, Inc.");
    // 23 % adoption is read as 0.23 and scored so, not clamped into green.
    assert_eq!(&records[2][col("health_colour")], "yellow");
    // Newest-first touchpoints are learned in time order: the broken promise is the latest.
    assert_eq!(&records[0][col("learned_trend")], "down");
    assert_eq!(&records[0][col("days_to_renewal")], "67");
    // One value per cell: numbers parse, missing values are empty.
    let at_risk: f64 = records[0][col("revenue_at_risk")].parse().unwrap();
    assert!(at_risk > 0.0);
    assert_eq!(&records[0][col("equation_quotient")], "");
}

#[test]
fn report_reads_a_european_semicolon_export_when_decimal_commas_are_declared() {
    let args = |mapping: Option<&str>| {
        let mut a = vec![
            "report".to_owned(),
            "--accounts".to_owned(),
            data("european-accounts.csv"),
            "--format".to_owned(),
            "csv".to_owned(),
        ];
        if let Some(m) = mapping {
            a.extend(["--mapping".to_owned(), data(m)]);
        }
        a
    };
    let refused = trustkit().args(args(None)).output().unwrap();
    assert_eq!(refused.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("set decimal_comma = true"));
    let csv = stdout(trustkit().args(args(Some("european-mapping.toml"))));
    assert!(csv.contains("x-1,Alpha GmbH,SMB,eva,12500.50,"), "{csv}");
}

#[test]
fn report_rejects_unusable_files_and_mappings_clearly() {
    let dir = std::env::temp_dir().join(format!("trustkit-cli-map-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let accounts = data("salesforce-accounts.csv");
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec![write("empty.csv", b"")], "the file is empty"),
        (vec![write("header.csv", b"id,name\n")], "no accounts"),
        (vec![write("twice.csv", b"id,ID\n1,2\n")], "column appears twice"),
        (
            vec![accounts.clone(), write("missing.toml", b"id = \"Acct\"\n")],
            "field \"mapping.id\": names column \"Acct\", which the file does not have",
        ),
        (
            vec![accounts.clone(), write("unit.toml", b"id = \"Account ID\"\n[[health]]\nmetric = \"adoption\"\ncolumn = \"Adoption %\"\nunit = \"furlongs\"\n")],
            "unknown variant `furlongs`",
        ),
        (
            vec![accounts.clone(), write("metric.toml", b"id = \"Account ID\"\n[[health]]\nmetric = \"mood\"\ncolumn = \"Adoption %\"\n")],
            "metric \"mood\" is not on the scorecard",
        ),
        (
            vec![accounts, write("fraction.toml", b"id = \"Account ID\"\n[[health]]\nmetric = \"adoption\"\ncolumn = \"Adoption %\"\nunit = \"fraction\"\n")],
            "55 is not a fraction (0–1); is it in percent?",
        ),
        (vec![write("binary.csv", b"id,name\n\xff\xfe,\x00\n")], "invalid UTF-8"),
    ];
    for (files, needle) in cases {
        let mut args = vec![
            "report".to_owned(),
            "--accounts".to_owned(),
            files[0].clone(),
        ];
        if let Some(m) = files.get(1) {
            args.extend(["--mapping".to_owned(), m.clone()]);
        }
        let out = trustkit().args(&args).output().unwrap();
        assert!(matches!(out.status.code(), Some(1 | 3)), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn report_colour_follows_no_color_and_the_flag() {
    let coloured = stdout(trustkit().args(["report", "--color", "always"]));
    assert!(coloured.contains('\x1b'));
    let plain = stdout(trustkit().env("NO_COLOR", "1").args(["report"]));
    assert!(!plain.contains('\x1b'));
    let never = stdout(trustkit().args(["report", "--color", "never"]));
    assert!(!never.contains('\x1b'));
}

#[test]
fn instrument_lists_the_items_that_assess_reads_from_csv() {
    let items = stdout(trustkit().args(["instrument", "--format", "csv"]));
    let ids: Vec<String> = items
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 20);
    assert!(items.starts_with("item,belief,reverse_coded,scale,prompt\n"));
    // A survey export built from those ids, one row per answer, two accounts.
    let mut csv = String::from("Account;Respondent;Role;Answered_At;Item;Answer;Survey\n");
    for (account, answer) in [("acme", 4), ("beta", 2)] {
        for id in &ids {
            csv.push_str(&format!(
                "{account};r@{account};champion;2026-03-31;{id};{answer};Q1\n"
            ));
        }
    }
    let dir = std::env::temp_dir().join(format!("trustkit-cli-assess-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("survey.csv");
    std::fs::write(&path, csv).unwrap();
    let out = stdout(trustkit().args(["assess", path.to_str().unwrap(), "--format", "csv"]));
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows.len(), 3, "{out}");
    assert!(rows[0].starts_with("account,understands_needs,"), "{out}");
    // Agreeing (4 of 5) everywhere scores higher than disagreeing (2), belief by belief.
    let overall = |row: &str| row.split(',').nth(5).unwrap().parse::<f64>().unwrap();
    assert!(overall(rows[1]) > overall(rows[2]), "{out}");
}

/// Without the `parquet` feature, a .parquet file is refused with how to get it.
#[cfg(not(feature = "parquet"))]
#[test]
fn parquet_needs_the_feature() {
    let dir = std::env::temp_dir().join(format!("trustkit-cli-pq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("accounts.parquet");
    std::fs::write(&path, b"PAR1").unwrap();
    let out = trustkit()
        .args(["report", "--accounts", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--features parquet"));
}

/// With it, a Parquet file that is not one says so.
#[cfg(feature = "parquet")]
#[test]
fn parquet_files_are_read_with_the_feature() {
    let dir = std::env::temp_dir().join(format!("trustkit-cli-pq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("accounts.parquet");
    std::fs::write(&path, b"not parquet").unwrap();
    let out = trustkit()
        .args(["report", "--accounts", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a readable Parquet file"));
}

#[test]
fn churn_fit_agrees_with_an_independent_fit_and_names_degenerate_data() {
    let reference = format!(
        "{}/../trustkit-loyalty/tests/data/churn_reference.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = stdout(trustkit().args([
        "churn",
        "fit",
        &reference,
        "--outcome",
        "churned",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    // scipy BFGS on the same data (crates/trustkit-loyalty/tests/data/reference_fit.py), and
    // p-values from Python's math.erfc on those estimates: independent of trustkit's code.
    let expected = [
        ("intercept", 1.315_648, 0.344_659, 1.349_499e-4),
        ("adoption", -1.956_927, 0.381_257, 2.854_191e-7),
        ("tickets", 0.154_168, 0.063_120, 1.458_759e-2),
        ("trust", -2.042_794, 0.398_274, 2.911_042e-7),
    ];
    for (k, (name, b, se, p)) in expected.into_iter().enumerate() {
        let c = &v["coefficients"][k];
        assert_eq!(c["name"], name);
        assert!((c["estimate"].as_f64().unwrap() - b).abs() < 1e-6, "{c}");
        assert!(
            (c["standard_error"].as_f64().unwrap() - se).abs() < 1e-6,
            "{c}"
        );
        let rel = (c["p_value"].as_f64().unwrap() - p).abs() / p;
        assert!(rel < 1e-4, "{c}");
    }
    assert!((v["log_likelihood"].as_f64().unwrap() + 245.375_789).abs() < 1e-6);
    assert!((v["aic"].as_f64().unwrap() - (8.0 + 2.0 * 245.375_789)).abs() < 1e-5);

    let dir = std::env::temp_dir().join(format!("trustkit-cli-churn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let separated = write("sep.csv", "x,churned\n1,0\n2,0\n3,0\n4,1\n5,1\n6,1\n");
    let collinear = write(
        "col.csv",
        "a,b,churned\n1,2,0\n2,4,1\n3,6,0\n4,8,1\n5,10,0\n",
    );
    let bad = write("bad.csv", "x,churned\n1,maybe\n");
    for (file, args, needle) in [
        (separated, vec![], "perfectly separable"),
        (collinear, vec![], "rank-deficient"),
        (
            bad.clone(),
            vec![],
            "line 2, field \"churned\": \"maybe\" is not an outcome",
        ),
        (bad, vec!["--features", "y"], "no column \"y\""),
    ] {
        let mut a = vec!["churn", "fit", file.as_str(), "--outcome", "churned"];
        a.extend(args);
        let out = trustkit().args(&a).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{a:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{a:?}: {err}");
    }
}

#[test]
fn report_reads_a_hubspot_export_with_bom_crlf_and_a_duplicate_id() {
    let out = trustkit()
        .args([
            "report",
            "--accounts",
            &data("hubspot-companies.csv"),
            "--mapping",
            &data("hubspot-mapping.toml"),
            "--format",
            "csv",
            "--as-of",
            "2026-11-25",
        ])
        .output()
        .unwrap();
    // The third row repeats the first's id: rejected with both lines, the other two reported.
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 4, field \"Record ID\": account id \"9001\" appears more than once (first on line 2)"),
        "{err}"
    );
    let (header, records) = csv_report(&out.stdout);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(records.len(), 2);
    // The BOM is not part of the first header; CRLF is not part of the last cell.
    assert_eq!(&records[0][col("account")], "9001");
    assert_eq!(&records[1][col("name")], "Globex, LLC");
    assert_eq!(&records[0][col("Lifecycle Stage")], "customer");
    assert_eq!(&records[0][col("owner")], "Ana Lopez");
    // `Renewal_Date` and `adoption` match trustkit's names without a mapping entry.
    assert_eq!(&records[0][col("renewal_date")], "2027-05-01");
    assert!(!records[0][col("health_score")].is_empty());

    // Two mapping entries for one field are refused: TOML's duplicate key, or one metric twice.
    let dir = std::env::temp_dir().join(format!("trustkit-cli-hs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text, needle) in [
        (
            "dup.toml",
            "id = \"Record ID\"\nid = \"Company name\"\n",
            "duplicate key",
        ),
        (
            "twice.toml",
            "id = \"Record ID\"\n[[health]]\nmetric = \"adoption\"\ncolumn = \"adoption\"\n[[health]]\nmetric = \"adoption\"\ncolumn = \"Annual Revenue\"\n",
            "metric \"adoption\" is mapped twice",
        ),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let out = trustkit()
            .args([
                "report",
                "--accounts",
                &data("hubspot-companies.csv"),
                "--mapping",
                path.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{name}: {err}");
    }
}

#[test]
fn report_writes_the_dashboard_beside_its_usual_output() {
    let dir = std::env::temp_dir().join(format!("trustkit-cli-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("dashboard.html");
    let csv = stdout(trustkit().args([
        "report",
        "--format",
        "csv",
        "--as-of",
        "2026-11-25",
        "--html",
        page.to_str().unwrap(),
    ]));
    assert_eq!(csv, golden("report.csv"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("trustkit sample portfolio") && html.contains("kestrel-pharma"));
    assert!(html.contains("By owner") && html.contains("Revenue at risk"));
}

#[test]
fn calibrate_fits_the_sample_outcomes_and_report_uses_the_model() {
    let dir = tempdir();
    let out = stdout(trustkit().current_dir(&dir).args([
        "calibrate",
        "--l2",
        "0.3",
        "--as-of",
        "2026-11-26",
        "--svg",
        "rel.svg",
    ]));
    assert!(
        out.contains("Renewal model fitted to 108 past decisions"),
        "{out}"
    );
    for baseline in [
        "renewal model",
        "health score alone",
        "NPS alone",
        "base rate",
    ] {
        assert!(out.contains(baseline), "{out}");
    }
    let svg = std::fs::read_to_string(dir.join("rel.svg")).unwrap();
    assert!(svg.contains("perfectly calibrated") && svg.contains("share that renewed"));
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("renewal-model.json")).unwrap())
            .unwrap();
    assert_eq!(model["decisions"], 108);
    assert_eq!(model["fitted_on"], "2026-11-26");

    // `report` in the same directory finds the model, says so, and uses it.
    let table = stdout(
        trustkit()
            .current_dir(&dir)
            .args(["report", "--as-of", "2026-11-26"]),
    );
    assert!(
        table.contains("renewal: calibrated model renewal-model.json"),
        "{table}"
    );
    let json = trustkit()
        .current_dir(&dir)
        .args(["report", "--format", "json", "--as-of", "2026-11-26"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&json.stderr).contains("calibrated model"));
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut renewal: Vec<(f64, &str)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["renewal_calibrated"], true);
            (
                d["renewal_probability"].as_f64().unwrap(),
                d["account"].as_str().unwrap(),
            )
        })
        .collect();
    renewal.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(
        renewal[..3].iter().any(|(_, id)| *id == "kestrel-pharma"),
        "{renewal:?}"
    );

    // Without the file, the prior, and the table says it is uncalibrated.
    let table = stdout(trustkit().args(["report", "--as-of", "2026-11-26"]));
    assert!(table.contains("built-in prior, not fitted"), "{table}");
}

#[test]
fn calibrate_names_bad_outcomes_and_refuses_too_little_data() {
    let dir = tempdir();
    std::fs::write(
        dir.join("outcomes.csv"),
        "account,decided_at,outcome,health.adoption\n\
         ghost,2026-05-31,churned,0.5\n\
         acme-logistics,2026-05-31,renewed,0.7\n\
         delta-foods,2026-05-31,churned,0.4\n",
    )
    .unwrap();
    let portfolio = dir.join("book.json");
    std::fs::write(&portfolio, trustkit::portfolio::SAMPLE_JSON).unwrap();
    let out = trustkit()
        .current_dir(&dir)
        .args(["calibrate", "book.json", "--outcomes", "outcomes.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("outcomes.csv: line 2") && err.contains("\"ghost\""),
        "{err}"
    );
    assert!(err.contains("cannot fit"), "{err}");
    assert!(!dir.join("renewal-model.json").exists());

    // A portfolio with no decisions at all.
    let out = trustkit()
        .current_dir(&dir)
        .args(["calibrate", "book.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no renewal decisions to learn from"));

    // A model file that is not one.
    std::fs::write(dir.join("renewal-model.json"), "{}").unwrap();
    let out = trustkit()
        .current_dir(&dir)
        .args(["report"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("renewal-model.json"));
}

/// A fresh directory under the target dir, so `renewal-model.json` lands somewhere private.
fn tempdir() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "cli-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn fitted_parameters_go_back_into_the_report() {
    let dir = tempdir();
    let params = dir.join("params.json");
    stdout(
        trustkit()
            .args([
                "fit",
                &data("histories.csv"),
                "--model",
                "gain_loss",
                "--write-params",
            ])
            .arg(&params),
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&params).unwrap()).unwrap();
    assert!(
        (written["alpha_gain"].as_f64().unwrap() - 0.2).abs() < 0.02,
        "{written}"
    );
    let learned = |extra: &[&str]| -> String {
        let out = stdout(
            trustkit()
                .args(["report", "--as-of", "2026-11-25", "--format", "csv"])
                .args(extra),
        );
        let (header, rows) = csv_report(out.as_bytes());
        let k = header.iter().position(|h| h == "learned_trust").unwrap();
        rows[0][k].to_owned()
    };
    let with = learned(&["--learner", params.to_str().unwrap()]);
    assert_ne!(
        with,
        learned(&[]),
        "the fitted learner changes learned trust"
    );
    // A parameter file the learner refuses is an error naming the file and the field.
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"alpha_gain": 7}"#).unwrap();
    let out = trustkit()
        .args(["report", "--learner"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("alpha_gain must be"));
}
