//! The fit data set, CSV and JSON: never panic; a data set that reads writes out as CSV and reads
//! back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustkit::learning::fit::Dataset;

fuzz_target!(|data: &[u8]| {
    let (which, body) = data.split_first().map_or((0, data), |(w, b)| (*w, b));
    let read = if which % 2 == 0 {
        Dataset::from_csv(body)
    } else {
        let Ok(text) = std::str::from_utf8(body) else { return };
        Dataset::from_json(text)
    };
    if let Ok(d) = read {
        let back = Dataset::from_csv(d.to_csv().as_bytes()).expect("written CSV reads back");
        assert_eq!(back, d);
    }
});
