//! `trustkit plot trajectory`: an account's learned trust over time, experiences marked by moment.

use plotters::prelude::SeriesLabelPosition;

use crate::CliResult;
use crate::plot::{Frame, PALETTE, Series, lines};
use crate::report::load;

pub fn run(account: &str, portfolio: Option<&std::path::Path>, svg: &std::path::Path) -> CliResult {
    let portfolio = load(portfolio)?;
    let acc = portfolio.account(account).map_err(anyhow::Error::new)?;
    let points = acc
        .trajectory(&portfolio.context())
        .map_err(anyhow::Error::new)?;
    let Some(first) = points.first() else {
        return Err(anyhow::anyhow!(
            "account {account:?} has no experiences to plot"
        ));
    };
    let start = first.at;
    let day = |t: trustkit::learning::chrono::DateTime<trustkit::learning::chrono::Utc>| {
        (t - start).num_seconds() as f64 / 86_400.0
    };
    let prior = acc.prior.unwrap_or(0.5);
    let span = points.last().map_or(1.0, |p| day(p.at)).max(1.0);
    // The prior is what the customer believed before the first experience: drawn a little before
    // it, not on top of it (that made a vertical jump that looked like a glitch).
    let before = -0.06 * span;
    let trust: Vec<(f64, f64)> = std::iter::once((before, prior))
        .chain(points.iter().map(|p| (day(p.at), p.trust)))
        .collect();
    let rewards: Vec<(f64, f64)> = points.iter().map(|p| (day(p.at), p.reward)).collect();
    // Each experience is labelled with its moment and, unless routine, its kind: a broken promise
    // must be visible.
    let marks: Vec<(f64, f64, String)> =
        std::iter::once((before, (prior + 0.05).min(0.98), "prior".to_owned()))
            .chain(points.iter().map(|p| {
                let kind = p.kind.to_string();
                let label = match (p.moment, kind.as_str()) {
                    (Some(m), "routine") => m.name().to_owned(),
                    (Some(m), k) => format!("{m}: {}", k.replace('_', " ")),
                    (None, "routine") => "·".to_owned(),
                    (None, k) => k.replace('_', " "),
                };
                (day(p.at), (p.trust + 0.05).min(0.98), label)
            }))
            .collect();
    let series = vec![
        Series {
            label: "learned trust".into(),
            points: trust,
            colour: PALETTE[0],
            dashed: false,
        },
        Series {
            label: "experience reward".into(),
            points: rewards,
            colour: PALETTE[5],
            dashed: true,
        },
    ];
    lines(
        svg,
        &Frame {
            title: &format!(
                "{}: learned trust, experiences labelled by moment",
                acc.name
            ),
            x_label: &format!("days since the first experience ({})", start.date_naive()),
            y_label: "trust / reward",
            // Room on the right for the last experience's label.
            x: (2.0 * before, span * 1.2),
            y: (0.0, 1.0),
            legend: SeriesLabelPosition::UpperRight,
        },
        &series,
        &marks,
    )?;
    Ok(format!(
        "wrote {} ({} experiences)\n",
        svg.display(),
        points.len()
    ))
}
