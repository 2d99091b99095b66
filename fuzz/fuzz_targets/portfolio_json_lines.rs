//! A JSON Lines portfolio: reading never panics; the diagnosing stream agrees with the reader on
//! which lines are accounts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustkit::portfolio::JsonLinesReader;

fuzz_target!(|data: &[u8]| {
    let Ok(reader) = JsonLinesReader::new(data) else { return };
    let read: Vec<bool> = reader.map(|a| a.is_ok()).collect();
    let diagnosed: Vec<bool> = JsonLinesReader::new(data)
        .expect("the header read once reads again")
        .diagnoses()
        .with_chunk(3)
        .map(|d| d.is_ok())
        .collect();
    assert_eq!(read.len(), diagnosed.len());
    // An account that diagnoses also validates (a diagnosis is a stricter check).
    for (r, d) in read.iter().zip(&diagnosed) {
        assert!(!d || *r);
    }
});
