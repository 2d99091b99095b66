//! `trustkit simulate`: the experiments of trustkit-learning, as tables and charts.

use trustkit::learning::experiments::partner_choice::{PartnerChoice, PartnerKind};
use trustkit::learning::experiments::switching::Switching;
use trustkit::learning::experiments::trust_game::{Partner, Payback, TrustGame};

use crate::Format;
use plotters::prelude::SeriesLabelPosition;

use crate::CliResult;
use crate::plot::{Frame, PALETTE, Series, lines};
use crate::table::{Table, Tone, csv, json};

pub fn trust_game(
    subjects: Option<usize>,
    seed: Option<u64>,
    svg: Option<&std::path::Path>,
    format: Format,
) -> CliResult {
    let mut game = TrustGame::default();
    if let Some(n) = subjects {
        game.subjects = n;
    }
    if let Some(s) = seed {
        game.seed = s;
    }
    let table = game.run().map_err(anyhow::Error::new)?;
    if let Some(path) = svg {
        let mut series = Vec::new();
        for (k, (partner, payback)) in Partner::ALL
            .iter()
            .flat_map(|&p| Payback::ALL.map(move |b| (p, b)))
            .enumerate()
        {
            series.push(Series {
                label: format!(
                    "{} / {} payback",
                    partner.name().replace('_', " "),
                    payback.name()
                ),
                points: table
                    .investments(partner, payback)
                    .iter()
                    .enumerate()
                    .map(|(t, &v)| ((t + 1) as f64, v))
                    .collect(),
                colour: PALETTE[k / 2],
                dashed: payback == Payback::Low,
            });
        }
        lines(
            path,
            &Frame {
                title: &format!(
                    "Trust game after Chang et al. (2010): {} simulated subjects",
                    game.subjects
                ),
                x_label: "trial",
                y_label: "mean investment ($)",
                x: (1.0, game.trials as f64),
                y: (0.0, 10.0),
                legend: SeriesLabelPosition::UpperRight,
            },
            &series,
            &[],
        )?;
    }
    let header = [
        "trial",
        "partner",
        "payback",
        "mean_investment",
        "sd_investment",
        "mean_trust",
    ];
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            vec![
                r.trial.to_string(),
                r.partner.name().into(),
                r.payback.name().into(),
                format!("{:.4}", r.mean_investment),
                format!("{:.4}", r.sd_investment),
                format!("{:.4}", r.mean_trust),
            ]
        })
        .collect();
    match format {
        Format::Json => json(&table),
        Format::Csv => csv(&header, &rows),
        Format::Table => {
            let mut cols = vec![("condition", false)];
            let trials: Vec<String> = (1..=game.trials).map(|t| t.to_string()).collect();
            cols.extend(trials.iter().map(|t| (t.as_str(), true)));
            let mut t = Table::new(&cols);
            for partner in Partner::ALL {
                for payback in Payback::ALL {
                    let mut cells = vec![(
                        format!("{}/{}", partner.name(), payback.name()),
                        Tone::Plain,
                    )];
                    cells.extend(
                        table
                            .investments(partner, payback)
                            .iter()
                            .map(|v| (format!("{v:.2}"), Tone::Plain)),
                    );
                    t.row(cells);
                }
            }
            Ok(format!(
                "Mean investment ($) by trial, {} subjects, seed {}\n\n{}",
                game.subjects,
                game.seed,
                t.render(false)
            ))
        }
    }
}

pub fn partner_choice(
    subjects: Option<usize>,
    seed: Option<u64>,
    svg: Option<&std::path::Path>,
    format: Format,
) -> CliResult {
    let mut exp = PartnerChoice::default();
    if let Some(n) = subjects {
        exp.subjects = n;
    }
    if let Some(s) = seed {
        exp.seed = s;
    }
    let result = exp.run().map_err(anyhow::Error::new)?;
    if let Some(path) = svg {
        let series: Vec<Series> = PartnerKind::ALL
            .iter()
            .enumerate()
            .map(|(k, &p)| Series {
                label: p.name().into(),
                points: std::iter::once((0.0, 0.5))
                    .chain(
                        result
                            .trust
                            .iter()
                            .filter(|r| r.partner == p)
                            .map(|r| (r.round as f64, r.trust)),
                    )
                    .collect(),
                colour: PALETTE[k],
                dashed: false,
            })
            .collect();
        lines(
            path,
            &Frame {
                title: "Learned trust in each partner (after Buntain & Golbeck 2015)",
                x_label: "round",
                y_label: "trust",
                x: (0.0, exp.rounds as f64),
                y: (0.0, 1.0),
                legend: SeriesLabelPosition::MiddleLeft,
            },
            &series,
            &[],
        )?;
    }
    let header = [
        "first",
        "first_skill",
        "second",
        "second_skill",
        "p_first",
        "chose_first",
        "chose_second",
        "ratio",
    ];
    let rows: Vec<Vec<String>> = result
        .choices
        .iter()
        .map(|c| {
            vec![
                c.first.partner.name().into(),
                format!("{:.1}", c.first.skill),
                c.second.partner.name().into(),
                format!("{:.1}", c.second.skill),
                format!("{:.3}", c.probability_first),
                c.chose_first.to_string(),
                c.chose_second.to_string(),
                format!("{:.2}", c.ratio()),
            ]
        })
        .collect();
    match format {
        Format::Json => json(&result),
        Format::Csv => csv(&header, &rows),
        Format::Table => {
            let mut trust = String::from("Trust after the investment phase:");
            for p in PartnerKind::ALL {
                trust.push_str(&format!(
                    "  {} {:.3}",
                    p.name(),
                    result.final_trust(p).unwrap_or(f64::NAN)
                ));
            }
            let t = Table::plain(&header, |h| h != "first" && h != "second", rows);
            Ok(format!("{trust}\n\n{}", t.render(false)))
        }
    }
}

pub fn switching(svg: Option<&std::path::Path>, format: Format) -> CliResult {
    let exp = Switching::default();
    let rows = exp.run().map_err(anyhow::Error::new)?;
    if let Some(path) = svg {
        let newcomer =
            trustkit::core::TrustLevel::new(exp.newcomer_trust).map_err(anyhow::Error::new)?;
        let curve: Vec<(f64, f64)> = (0..=50)
            .filter_map(|k| {
                let t = trustkit::core::TrustLevel::new(k as f64 / 50.0).ok()?;
                Some((t.value(), exp.prospect.switching_threshold(t, newcomer)?))
            })
            .collect();
        let mut marks = Vec::new();
        let mut seen = Vec::new();
        for r in &rows {
            if !seen.contains(&r.history) {
                seen.push(r.history.clone());
                if let Some(threshold) = r.threshold {
                    // Below the rising line, where the text that runs right stays clear of it.
                    marks.push((r.trust + 0.01, threshold - 0.45, r.history.clone()));
                }
            }
        }
        let series = vec![Series {
            label: "switching threshold (newcomer trust 0.5)".into(),
            points: curve,
            colour: PALETTE[0],
            dashed: false,
        }];
        lines(
            path,
            &Frame {
                title: "Promised benefit per unit at stake needed to switch",
                x_label: "learned trust in the incumbent",
                y_label: "threshold (x stake)",
                x: (0.0, 1.0),
                y: (0.0, 6.0),
                legend: SeriesLabelPosition::UpperLeft,
            },
            &series,
            &marks,
        )?;
    }
    let header = [
        "history",
        "trust",
        "worst_surprise",
        "threshold",
        "offer",
        "decision",
    ];
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.history.clone(),
                format!("{:.3}", r.trust),
                // A surprise that rounds to zero prints as +0.00, not −0.00.
                format!(
                    "{:+.2}",
                    if r.worst_surprise.abs() < 0.005 {
                        0.0
                    } else {
                        r.worst_surprise
                    }
                ),
                r.threshold
                    .map_or_else(|| "never".to_owned(), |t| format!("{t:.2}")),
                format!("{:.1}", r.offer),
                if r.switches {
                    "switches".into()
                } else {
                    "stays".into()
                },
            ]
        })
        .collect();
    match format {
        Format::Json => json(&rows),
        Format::Csv => csv(&header, &table_rows),
        Format::Table => {
            let mut t = Table::new(&header.map(|h| (h, !matches!(h, "history" | "decision"))));
            for r in table_rows {
                let tone = if r[5] == "switches" {
                    Tone::Red
                } else {
                    Tone::Green
                };
                t.row(
                    r.into_iter()
                        .enumerate()
                        .map(|(k, c)| (c, if k == 5 { tone } else { Tone::Plain }))
                        .collect(),
                );
            }
            Ok(t.render(false))
        }
    }
}
