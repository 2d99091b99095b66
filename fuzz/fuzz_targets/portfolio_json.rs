//! A portfolio document: loading never panics; a portfolio that loads diagnoses into finite numbers
//! in range, the streaming read gives the same diagnoses, and writing it out reads back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use trustkit::portfolio::Portfolio;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(p) = Portfolio::from_json(text) else {
        // Whatever is wrong, the streaming read agrees that it is wrong or reports per account.
        let _ = Portfolio::diagnose_json(text, &mut |_, _| true);
        return;
    };
    let all = p.diagnose_all();
    let mut streamed = Vec::new();
    let header = Portfolio::diagnose_json(text, &mut |_, d| {
        streamed.push(d);
        true
    });
    if let Ok(all) = &all {
        assert!(header.is_ok());
        assert_eq!(streamed.len(), all.len());
        for (a, b) in all.iter().zip(&streamed) {
            assert_eq!(Some(a), b.as_ref().ok());
            let f = &a.findings;
            assert!((0.0..=1.0).contains(&f.renewal_probability));
            assert!((0.0..=1.0).contains(&f.trust.value()));
            if let Some(t) = f.switching_threshold {
                assert!(t.is_finite() && t >= 0.0);
            }
            if let Some(h) = &f.health {
                assert!((0.0..=100.0).contains(&h.score));
            }
            if let Some(n) = &f.nps {
                assert!(n.score.is_finite() && n.margin.is_finite());
            }
        }
    }
    let again = Portfolio::from_json(&p.to_json().expect("a loaded portfolio serialises"))
        .expect("a written portfolio reads back");
    assert_eq!(again, p);
});
