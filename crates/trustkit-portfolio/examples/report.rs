//! Diagnoses the bundled sample portfolio and prints one line per account.
//!
//! `cargo run -p trustkit-portfolio --example report`

fn main() -> Result<(), trustkit_portfolio::Error> {
    let portfolio = trustkit_portfolio::Portfolio::sample()?;
    for d in portfolio.diagnose_all()? {
        println!(
            "{:<22} trust {:.2} ({} src) {:<11} {:<22} health {:<6} renew {:.2} switch {:.2}  {:?}: {}",
            d.name,
            d.trust.value(),
            d.trust_sources,
            d.commitment.name(),
            d.relationship.name(),
            d.health.as_ref().map_or("-", |h| h.colour.name()),
            d.renewal_probability,
            d.switching_threshold,
            d.action.rule,
            d.action.headline
        );
    }
    Ok(())
}
