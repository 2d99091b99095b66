//! `trustkit plot trajectory`: an account's learned trust over time, experiences marked by moment.

use plotters::prelude::SeriesLabelPosition;

use crate::plot::{Frame, PALETTE, Series, lines};
use crate::report::load;

pub fn run(
    account: &str,
    portfolio: Option<&std::path::Path>,
    svg: &std::path::Path,
) -> Result<String, String> {
    let portfolio = load(portfolio)?;
    let acc = portfolio.account(account).map_err(|e| e.to_string())?;
    let points = acc
        .trajectory(&portfolio.context())
        .map_err(|e| e.to_string())?;
    let Some(first) = points.first() else {
        return Err(format!("account {account:?} has no experiences to plot"));
    };
    let start = first.at;
    let day = |t: trustkit::learning::chrono::DateTime<trustkit::learning::chrono::Utc>| {
        (t - start).num_seconds() as f64 / 86_400.0
    };
    let prior = acc.prior.unwrap_or(0.5);
    let trust: Vec<(f64, f64)> = std::iter::once((0.0, prior))
        .chain(points.iter().map(|p| (day(p.at), p.trust)))
        .collect();
    let rewards: Vec<(f64, f64)> = points.iter().map(|p| (day(p.at), p.reward)).collect();
    let last = trust.last().map_or(1.0, |p| p.0).max(1.0);
    let marks: Vec<(f64, f64, String)> = points
        .iter()
        .map(|p| {
            (
                day(p.at),
                (p.trust + 0.05).min(0.98),
                p.moment
                    .map_or_else(|| "·".to_owned(), |m| m.name().to_owned()),
            )
        })
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
            x_label: "days since first experience",
            y_label: "trust / reward",
            x: (0.0, last * 1.05),
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
