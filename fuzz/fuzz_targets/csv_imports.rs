//! The experiences, responses and outcomes CSV imports into two sample accounts: never panic, a
//! portfolio that imports still diagnoses, and its renewal history still collects.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use trustkit::portfolio::Portfolio;

/// The two sample accounts the seeds name, read once: cloning and diagnosing all twelve per input
/// held the target to under a thousand inputs a second.
fn sample() -> &'static Portfolio {
    static SAMPLE: OnceLock<Portfolio> = OnceLock::new();
    SAMPLE.get_or_init(|| {
        let mut p = Portfolio::sample().expect("the sample loads");
        p.accounts
            .retain(|a| a.id == "cobalt-retail" || a.id == "juniper-telecom");
        p
    })
}

fuzz_target!(|data: &[u8]| {
    let (which, body) = data.split_first().map_or((0, data), |(w, b)| (*w, b));
    let mut p = sample().clone();
    let imported = match which % 3 {
        0 => p.import_experiences_csv(body),
        1 => p.import_responses_csv(body),
        _ => p.import_outcomes_csv(body),
    };
    if imported.is_ok() {
        assert!(p.diagnose_all().is_ok());
        assert!(trustkit::portfolio::RenewalHistory::collect(&p.accounts, &p.context()).is_ok());
    }
});
