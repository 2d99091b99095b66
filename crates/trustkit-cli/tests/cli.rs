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
        stdout(trustkit().args(["report", "--format", "csv"])),
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
    assert_eq!(table.lines().count(), 2 + 1 + 12);
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
            "bad-portfolio.json: accounts[0].experiences[0].reward: ",
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
            "bad-histories.csv: expected value at line 1 column 1",
        ),
        (
            &["assess", &data("bad-responses.json")],
            "bad-responses.json: [0].answers.needs.problem: invalid value: string \"maybe\"",
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
    let err = trustkit()
        .args(["report", "--experiences", &data("bad-experiences.csv")])
        .output()
        .unwrap();
    assert_eq!(err.status.code(), Some(1));
    let msg = String::from_utf8_lossy(&err.stderr);
    assert!(
        msg.contains("bad-experiences.csv: line 2, field \"reward\""),
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
    assert_eq!(table.lines().count(), 2 + 1 + 5000);
}

#[test]
fn report_json_is_the_pretty_array_and_jsonl_one_diagnosis_a_line() {
    let expected = trustkit::portfolio::Portfolio::sample()
        .unwrap()
        .diagnose_all()
        .unwrap();
    let json = stdout(trustkit().args(["report", "--format", "json"]));
    assert_eq!(
        json,
        serde_json::to_string_pretty(&expected).unwrap() + "\n"
    );
    let jsonl = stdout(trustkit().args(["report", "--format", "jsonl"]));
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
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.jsonl: accounts[1] (b): nps: NPS answer #0 is 11"),
        "{err}"
    );
}
