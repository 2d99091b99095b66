//! Diagnoses the bundled sample portfolio and prints one line per account.
//!
//! `cargo run -p trustkit-portfolio --example report`

fn main() -> Result<(), trustkit_portfolio::Error> {
    let portfolio = trustkit_portfolio::Portfolio::sample()?;
    for d in portfolio.diagnose_all()? {
        let f = &d.findings;
        println!(
            "{:<22} trust {:.2} ({} src) {:<11} {:<22} health {:<6} renew {:.2} switch {}  {:?}: {}",
            d.name,
            f.trust.value(),
            f.trust_sources,
            f.commitment.name(),
            f.relationship.name(),
            f.health.as_ref().map_or("-", |h| h.colour.name()),
            f.renewal_probability,
            f.switching_threshold
                .map_or_else(|| "never".to_owned(), |t| format!("{t:.2}")),
            d.action.rule,
            d.action.headline
        );
    }
    Ok(())
}
