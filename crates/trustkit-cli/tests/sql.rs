//! `trustkit sql` (the `datafusion` feature): files in, the library's numbers out, clear errors.
#![cfg(feature = "datafusion")]
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use assert_cmd::Command;

fn trustkit() -> Command {
    Command::cargo_bin("trustkit").unwrap()
}

fn dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("trustkit-sql-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn nps_and_learned_trust_from_csv_files() {
    let dir = dir();
    // An export as it comes: extra columns, newest first, a skipped answer.
    std::fs::write(
        dir.join("nps.csv"),
        "Account,answer,channel\nacme,10,email\nacme,9,web\nacme,3,web\nzenith,8,email\nzenith,,web\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("experiences.csv"),
        "account,at,reward\nacme,2026-03-01T00:00:00Z,0.0\nacme,2026-02-01T00:00:00Z,1.0\nacme,2026-01-01T00:00:00Z,1.0\n",
    )
    .unwrap();
    let out = trustkit()
        .args([
            "sql",
            "SELECT \"Account\" AS account, nps(answer) AS nps, count(answer) AS n FROM nps GROUP BY \"Account\" ORDER BY account",
            "--table",
        ])
        .arg(format!("nps={}", dir.join("nps.csv").display()))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("| acme    | 33.333333333333336 | 3 |"),
        "{text}"
    );
    assert!(
        text.contains("| zenith  | 0.0                | 1 |"),
        "{text}"
    );

    let result = dir.join("trust.csv");
    trustkit()
        .args([
            "sql",
            "SELECT account, learned_trust(reward, CAST(at AS TIMESTAMP)) AS trust FROM e GROUP BY account",
            "--table",
        ])
        .arg(format!("e={}", dir.join("experiences.csv").display()))
        .arg("--output")
        .arg(&result)
        .assert()
        .success()
        .stdout("wrote 1 rows to ".to_owned() + &result.display().to_string() + "\n");
    let written = std::fs::read_to_string(&result).unwrap();
    // Two kept promises then a broken one: below where it would be without the last.
    let trust: f64 = written
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert!(trust > 0.0 && trust < 0.6, "{written}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn errors_name_the_file_or_the_function() {
    trustkit()
        .args(["sql", "SELECT 1", "--table", "t=missing.parquet"])
        .assert()
        .code(1)
        .stderr("error: missing.parquet: no such file or directory\n");
    trustkit()
        .args(["sql", "SELECT 1", "--table", "no-equals"])
        .assert()
        .code(2);
    let out = trustkit().args(["sql", "SELECT nps(11)"]).assert().code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("nps: an NPS answer must be a whole number from 0 to 10, got 11"),
        "{err}"
    );
}
