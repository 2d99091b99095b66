//! Prints the three simulated experiments with their default settings.
//!
//! `cargo run -p trustkit-learning --example experiments`

use trustkit_learning::experiments::partner_choice::PartnerChoice;
use trustkit_learning::experiments::switching::Switching;
use trustkit_learning::experiments::trust_game::{Partner, Payback, TrustGame};

fn main() -> Result<(), trustkit_learning::Error> {
    let table = TrustGame::default().run()?;
    println!("Trust game (Chang et al. 2010): mean investment ($) by trial");
    print!("{:<24}", "condition");
    for trial in 1..=15 {
        print!("{trial:>6}");
    }
    println!();
    for partner in Partner::ALL {
        for payback in Payback::ALL {
            print!("{:<24}", format!("{}/{}", partner.name(), payback.name()));
            for x in table.investments(partner, payback) {
                print!("{x:>6.2}");
            }
            println!();
        }
    }

    let choice = PartnerChoice::default().run()?;
    println!("\nPartner choice (Buntain & Golbeck 2015)");
    for partner in trustkit_learning::experiments::partner_choice::PartnerKind::ALL {
        println!(
            "  trust after investment phase, {:<13} {:.3}",
            partner.name(),
            choice.final_trust(partner).unwrap_or(f64::NAN)
        );
    }
    for row in &choice.choices {
        println!(
            "  {} (skill {:.1}) vs {} (skill {:.1}): p = {:.3}, chosen {} vs {} (ratio {:.2})",
            row.first.partner.name(),
            row.first.skill,
            row.second.partner.name(),
            row.second.skill,
            row.probability_first,
            row.chose_first,
            row.chose_second,
            row.ratio()
        );
    }

    println!("\nSwitching under a better offer (prospect theory)");
    for row in Switching::default().run()? {
        println!(
            "  {:<20} trust {:.3} worst δ {:+.2} threshold {}  offer {:.1}: {}",
            row.history,
            row.trust,
            row.worst_surprise,
            row.threshold
                .map_or_else(|| "never".to_owned(), |t| format!("{t:.2}")),
            row.offer,
            if row.switches { "switches" } else { "stays" }
        );
    }
    Ok(())
}
