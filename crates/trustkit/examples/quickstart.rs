//! Scores a few example customers with the trust equation and prints a small table.
//!
//! Run with `cargo run -p trustkit --example quickstart`.

use trustkit::prelude::*;

/// An example customer and its four component scores (1–10): credibility, reliability, intimacy,
/// self-orientation.
const CUSTOMERS: [(&str, [f64; 4]); 5] = [
    ("Acme Logistics", [8.0, 7.0, 6.0, 2.0]),
    ("Borealis Health", [6.0, 4.0, 5.0, 6.0]),
    ("Cobalt Retail", [9.0, 9.0, 3.0, 3.0]),
    ("Delta Foods", [5.0, 8.0, 7.0, 1.0]),
    ("Ember Energy", [4.0, 3.0, 2.0, 8.0]),
];

fn main() -> Result<(), trustkit::equation::Error> {
    println!(
        "{:<16} {:>8} {:>6} {:>7}  {:<17} {:>6}",
        "customer", "quotient", "level", "spread", "best lever", "gain"
    );
    for (name, [c, r, i, s]) in CUSTOMERS {
        let eq = TrustEquation::new(c, r, i, s)?;
        let (lever, gain) = match eq.best_lever() {
            Some(change) => (change.component.name(), change.quotient_gain()),
            None => ("none", 0.0),
        };
        println!(
            "{:<16} {:>8.2} {:>6.2} {:>7.1}  {:<17} {:>+6.2}",
            name,
            eq.quotient(),
            eq.level().value(),
            eq.component_spread(),
            lever,
            gain
        );
    }
    Ok(())
}
