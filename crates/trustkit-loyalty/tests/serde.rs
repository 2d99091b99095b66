//! Validated types deserialize through their constructors; results serialise.
#![cfg(feature = "serde")]

use trustkit_loyalty::{ChurnData, Direction, Indicator, Metric, Nps, Scorecard, SelectionMatrix};

#[test]
fn scorecard_round_trips_and_rejects_eleven_metrics() {
    let card = Scorecard::new(
        "x",
        vec![Metric {
            id: "a".into(),
            weight: 1.0,
            indicator: Indicator::Lagging,
            direction: Direction::LowerIsBetter {
                red: 5.0,
                green: 1.0,
            },
        }],
    )
    .unwrap();
    let json = serde_json::to_string(&card).unwrap();
    assert_eq!(serde_json::from_str::<Scorecard>(&json).unwrap(), card);
    let metric = r#"{"id": "m", "weight": 1, "indicator": "leading", "direction": {"higher_is_better": {"red": 0, "green": 1}}}"#;
    let many: Vec<String> = (0..11)
        .map(|k| metric.replace("\"m\"", &format!("\"m{k}\"")))
        .collect();
    let json = format!(r#"{{"name": "x", "metrics": [{}]}}"#, many.join(","));
    let err = serde_json::from_str::<Scorecard>(&json).unwrap_err();
    assert!(err.to_string().contains("at most 10 metrics"), "{err}");
}

#[test]
fn matrix_and_churn_data_validate() {
    let bad = r#"{"criteria": [["price", 1.0]], "incumbent": [1.5], "alternatives": []}"#;
    assert!(serde_json::from_str::<SelectionMatrix>(bad).is_err());
    let data =
        ChurnData::new(vec!["x".into()], &[vec![1.0], vec![2.0]], vec![true, false]).unwrap();
    let json = serde_json::to_string(&data).unwrap();
    assert_eq!(serde_json::from_str::<ChurnData>(&json).unwrap(), data);
    assert_eq!(
        serde_json::to_value(Nps::from_answers(&[10]).unwrap()).unwrap()["promoters"],
        1
    );
}
