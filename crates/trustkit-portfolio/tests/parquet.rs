//! Parquet imports read like the CSV ones: same checks, same errors, same accounts.
#![cfg(feature = "parquet")]
#![allow(clippy::unwrap_used, clippy::panic)]

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BinaryArray, Float64Array, RecordBatch, StringArray, TimestampMillisecondArray,
};
use parquet::arrow::ArrowWriter;
use trustkit_portfolio::{Import, Mapping, Portfolio};

fn write(name: &str, columns: Vec<(&str, ArrayRef)>) -> std::fs::File {
    let dir = std::env::temp_dir().join(format!("trustkit-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let batch = RecordBatch::try_from_iter(columns).unwrap();
    let file = std::fs::File::create(&path).unwrap();
    let mut w = ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    std::fs::File::open(&path).unwrap()
}

fn millis(day: &str) -> i64 {
    trustkit_core::time::parse_rfc3339(day)
        .unwrap()
        .timestamp_millis()
}

#[test]
fn experiences_from_parquet_equal_the_same_rows_from_csv() {
    let times = [
        "2026-11-20T09:00:00Z",
        "2026-11-01T09:00:00Z",
        "2026-11-21T09:00:00Z",
    ];
    let file = write(
        "experiences.parquet",
        vec![
            (
                "Account",
                Arc::new(StringArray::from(vec![
                    "cobalt-retail",
                    "cobalt-retail",
                    "nobody",
                ])) as ArrayRef,
            ),
            (
                "time",
                Arc::new(
                    TimestampMillisecondArray::from(times.map(millis).to_vec())
                        .with_timezone("UTC"),
                ),
            ),
            ("reward", Arc::new(Float64Array::from(vec![0.9, 0.2, 0.5]))),
            (
                "notes",
                Arc::new(StringArray::from(vec![Some("QBR"), None, None])),
            ),
        ],
    );
    let mut from_parquet = Portfolio::sample().unwrap();
    let import = from_parquet.import_experiences_parquet(file).unwrap();
    assert_eq!(import.rows, 3);
    assert_eq!(import.ignored_columns, ["notes"]);
    // The unknown account is rejected on its row (row 3 = "line" 4), the others load.
    let err = import.rejected[0].to_string();
    assert!(err.starts_with("line 4, field \"account\""), "{err}");

    let csv = "account,time,reward\ncobalt-retail,2026-11-20T09:00:00Z,0.9\ncobalt-retail,2026-11-01T09:00:00Z,0.2\n";
    let mut from_csv = Portfolio::sample().unwrap();
    from_csv
        .import_experiences_csv(csv.as_bytes())
        .and_then(Import::strict)
        .unwrap();
    assert_eq!(from_parquet, from_csv);
}

#[test]
fn accounts_from_parquet_with_a_mapping() {
    let file = write(
        "accounts.parquet",
        vec![
            (
                "Account ID",
                Arc::new(StringArray::from(vec!["a-1", "a-2"])) as ArrayRef,
            ),
            (
                "Adoption %",
                Arc::new(Float64Array::from(vec![55.0, 230.0])),
            ),
            (
                "ARR",
                Arc::new(Float64Array::from(vec![Some(1000.0), None])),
            ),
        ],
    );
    let mapping: Mapping = serde_json::from_str(
        r#"{"id": "Account ID", "health": [{"metric": "adoption", "column": "Adoption %", "unit": "percent"}]}"#,
    )
    .unwrap();
    let (p, import) = Portfolio::from_accounts_parquet(file, &mapping).unwrap();
    assert_eq!(p.accounts.len(), 1);
    assert_eq!(p.accounts[0].health["adoption"], 0.55);
    assert_eq!(p.accounts[0].arr, Some(1000.0));
    let err = import.rejected[0].to_string();
    assert!(err.contains("230 is not a percent"), "{err}");
}

#[test]
fn a_parquet_column_of_the_wrong_type_is_a_clear_error() {
    let file = write(
        "binary.parquet",
        vec![
            (
                "account",
                Arc::new(StringArray::from(vec!["a"])) as ArrayRef,
            ),
            ("time", Arc::new(BinaryArray::from(vec![b"2026".as_ref()]))),
            ("reward", Arc::new(Float64Array::from(vec![0.5]))),
        ],
    );
    let err = Portfolio::sample()
        .unwrap()
        .import_experiences_parquet(file)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("field \"time\": a Parquet column of type Binary cannot be read"),
        "{err}"
    );
    // Not a Parquet file at all.
    let dir = std::env::temp_dir();
    let path = dir.join(format!("not-parquet-{}.parquet", std::process::id()));
    std::fs::write(&path, b"account,time\n").unwrap();
    let err = Portfolio::sample()
        .unwrap()
        .import_experiences_parquet(std::fs::File::open(&path).unwrap())
        .unwrap_err();
    assert!(
        err.to_string().contains("not a readable Parquet file"),
        "{err}"
    );
}
