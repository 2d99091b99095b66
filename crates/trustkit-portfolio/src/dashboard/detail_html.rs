//! The account-detail sections of the dashboard: one `<details>` per account, with the trust
//! trajectory as inline SVG, health metrics against their limits, the four beliefs, the journey and
//! the reason for the action.

use std::fmt::Write as _;

use trustkit_core::Moment;
use trustkit_learning::ExperienceKind;
use trustkit_loyalty::{Direction, Phase};

use super::{badge, esc};
use crate::{AccountDetail, Diagnosis};

/// How a kind of experience is drawn: colour, shape and the word for the legend.
fn marker(kind: ExperienceKind, x: f64, y: f64) -> String {
    match kind {
        ExperienceKind::PromiseKept => {
            format!(r##"<circle cx="{x:.1}" cy="{y:.1}" r="5" fill="#1a7f37"/>"##)
        }
        ExperienceKind::PromiseBroken => format!(
            r##"<path d="M{a:.1} {b:.1}L{c:.1} {d:.1}M{a:.1} {d:.1}L{c:.1} {b:.1}" stroke="#cf222e" stroke-width="3"/>"##,
            a = x - 5.0,
            b = y - 5.0,
            c = x + 5.0,
            d = y + 5.0
        ),
        ExperienceKind::ServiceRecovery => format!(
            r##"<path d="M{x:.1} {a:.1}L{b:.1} {y:.1}L{x:.1} {c:.1}L{d:.1} {y:.1}Z" fill="#0969da"/>"##,
            a = y - 6.0,
            b = x + 6.0,
            c = y + 6.0,
            d = x - 6.0
        ),
        ExperienceKind::Surprise => format!(
            r##"<path d="M{x:.1} {a:.1}L{b:.1} {c:.1}L{d:.1} {c:.1}Z" fill="#8250df"/>"##,
            a = y - 6.0,
            b = x + 6.0,
            c = y + 5.0,
            d = x - 6.0
        ),
        _ => format!(r##"<circle cx="{x:.1}" cy="{y:.1}" r="3" fill="#6e7781"/>"##),
    }
}

const LEGEND: [(ExperienceKind, &str); 5] = [
    (ExperienceKind::PromiseKept, "promise kept"),
    (ExperienceKind::PromiseBroken, "promise broken"),
    (ExperienceKind::ServiceRecovery, "service recovery"),
    (ExperienceKind::Surprise, "surprise"),
    (ExperienceKind::Routine, "routine"),
];

/// The learned-trust trajectory on a calendar axis, the prior drawn before the first experience.
pub(super) fn trajectory_svg(d: &AccountDetail) -> String {
    let Some((first, last)) = d.trajectory.first().zip(d.trajectory.last()) else {
        return "<p class=\"muted\">No experiences recorded: trust is the prior only.</p>"
            .to_owned();
    };
    let (w, h, left, right, top, bottom) = (640.0, 230.0, 44.0, 16.0, 12.0, 58.0);
    let t_first = first.at.timestamp() as f64;
    let t_last = last.at.timestamp() as f64;
    // The prior sits a little before the first experience (8 % of the span, at least a day), so
    // the first experience's jump reads as a step, not as a vertical glitch.
    let pad = ((t_last - t_first) * 0.08).max(86_400.0);
    let t0 = t_first - pad;
    let span = (t_last - t0).max(1.0);
    let x = |t: f64| left + (t - t0) / span * (w - left - right);
    let y = |v: f64| top + (1.0 - v) * (h - top - bottom);
    let mut svg = format!(
        r#"<svg class="traj" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label="learned trust over time"><title>Learned trust after each experience</title>"#
    );
    for v in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let _ = write!(
            svg,
            r##"<line x1="{left}" x2="{x2}" y1="{yy:.1}" y2="{yy:.1}" stroke="#eaeef2"/><text x="{tx}" y="{ty:.1}" font-size="11" text-anchor="end" fill="#57606a">{v:.2}</text>"##,
            x2 = w - right,
            yy = y(v),
            tx = left - 4.0,
            ty = y(v) + 4.0
        );
    }
    let mut path = format!("M{:.1} {:.1}", x(t0), y(d.prior));
    for p in &d.trajectory {
        let _ = write!(path, "L{:.1} {:.1}", x(p.at.timestamp() as f64), y(p.trust));
    }
    let _ = write!(
        svg,
        r##"<path d="{path}" fill="none" stroke="#8250df" stroke-width="2"/><circle cx="{px:.1}" cy="{py:.1}" r="4" fill="#fff" stroke="#8250df" stroke-width="2"><title>prior {prior:.2}</title></circle><text x="{px:.1}" y="{ly:.1}" font-size="11" text-anchor="start" fill="#57606a">prior</text>"##,
        px = x(t0),
        py = y(d.prior),
        prior = d.prior,
        ly = y(d.prior) - 8.0
    );
    for p in &d.trajectory {
        let (px, py) = (x(p.at.timestamp() as f64), y(p.trust));
        let _ = write!(
            svg,
            "<g>{}<title>{} · {}{} · reward {:.2} · trust {:.2}</title></g>",
            marker(p.kind, px, py),
            p.at.format("%Y-%m-%d"),
            p.kind.name().replace('_', " "),
            p.moment
                .map_or(String::new(), |m| format!(" · moment of {}", m.name())),
            p.reward,
            p.trust
        );
    }
    // Three calendar labels — first, middle, last — anchored so they never overlap the edges.
    let axis_y = h - bottom + 16.0;
    for (t, anchor) in [
        (t_first, "start"),
        ((t_first + t_last) / 2.0, "middle"),
        (t_last, "end"),
    ] {
        if anchor == "middle" && t_last - t_first < 20.0 * 86_400.0 {
            continue;
        }
        let date = chrono::DateTime::from_timestamp(t as i64, 0)
            .map_or(String::new(), |d| d.format("%Y-%m-%d").to_string());
        let _ = write!(
            svg,
            r##"<text x="{tx:.1}" y="{axis_y}" font-size="11" text-anchor="{anchor}" fill="#57606a">{date}</text>"##,
            tx = x(t)
        );
    }
    let present: Vec<_> = LEGEND
        .iter()
        .filter(|(k, _)| d.trajectory.iter().any(|p| p.kind == *k))
        .collect();
    let mut lx = left;
    for (kind, label) in present {
        let _ = write!(
            svg,
            r##"{}<text x="{tx:.1}" y="{ty}" font-size="11" fill="#1b1f24">{label}</text>"##,
            marker(*kind, lx + 6.0, h - 14.0),
            tx = lx + 15.0,
            ty = h - 10.0
        );
        lx += 30.0 + 6.5 * label.len() as f64;
    }
    svg.push_str("</svg>");
    svg
}

fn num(x: f64) -> String {
    if x.abs() >= 100.0 || x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

fn limits(d: Direction) -> String {
    match d {
        Direction::HigherIsBetter { red, green } => {
            format!("red ≤ {}, green ≥ {}", num(red), num(green))
        }
        Direction::LowerIsBetter { red, green } => {
            format!("red ≥ {}, green ≤ {}", num(red), num(green))
        }
        Direction::TargetBand {
            low,
            high,
            red_distance,
        } => format!(
            "green {}–{}, red {} outside",
            num(low),
            num(high),
            num(red_distance)
        ),
    }
}

/// One account's detail section.
pub(super) fn section(k: usize, diagnosis: &Diagnosis, d: &AccountDetail) -> String {
    let mut html = format!(
        "<details id=\"d-{k}\"><summary><b>{}</b> <span class=\"muted\">{}</span> — {}: {}</summary><div class=\"detail\">",
        esc(&diagnosis.name),
        esc(&diagnosis.account),
        diagnosis.action.moment.name(),
        esc(&diagnosis.action.headline)
    );
    let _ = write!(
        html,
        "<p><b>Why this action.</b> {}</p><h3>Learned trust</h3>{}",
        esc(&d.reason),
        trajectory_svg(d)
    );
    if d.metrics.is_empty() {
        html.push_str("<h3>Health</h3><p class=\"muted\">No health metrics.</p>");
    } else {
        html.push_str("<h3>Health metrics against their limits</h3><table class=\"mini\"><thead><tr><th>metric</th><th class=\"n\">value</th><th>limits</th><th class=\"n\">score</th><th>colour</th></tr></thead><tbody>");
        for m in &d.metrics {
            let _ = write!(
                html,
                "<tr><td>{}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                esc(&m.id),
                m.value.map_or("missing".to_owned(), num),
                limits(m.direction),
                m.score.map_or("–".to_owned(), |s| format!("{s:.0}")),
                m.colour.map_or("–".to_owned(), |c| badge(c, c.name()))
            );
        }
        html.push_str("</tbody></table>");
    }
    if d.beliefs.is_empty() {
        html.push_str("<h3>Beliefs</h3><p class=\"muted\">No assessment answers.</p>");
    } else {
        html.push_str("<h3>The four beliefs</h3><table class=\"mini\"><thead><tr><th>belief</th><th class=\"n\">score</th><th class=\"n\">± SE</th><th class=\"n\">respondents</th></tr></thead><tbody>");
        for b in &d.beliefs {
            let _ = write!(
                html,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                b.dimension.name().replace('_', " "),
                b.score
                    .map_or("not enough answers".to_owned(), |s| format!("{s:.2}")),
                b.standard_error
                    .map_or("–".to_owned(), |s| format!("{s:.2}")),
                b.respondents
            );
        }
        html.push_str("</tbody></table>");
    }
    match &d.journey {
        None => html.push_str("<h3>Journey</h3><p class=\"muted\">No designed journey.</p>"),
        Some(j) => {
            html.push_str("<h3>Journey map</h3><table class=\"mini\"><thead><tr><th>phase</th>");
            for m in Moment::ALL {
                let _ = write!(html, "<th>{}</th>", m.name());
            }
            html.push_str("</tr></thead><tbody>");
            for (phase, moments) in &j.phases {
                let _ = write!(html, "<tr><td>{}</td>", phase.name());
                for m in Moment::ALL {
                    html.push_str(if moments.contains(&m) {
                        "<td>✓ designed</td>"
                    } else {
                        "<td class=\"muted\">·</td>"
                    });
                }
                html.push_str("</tr>");
            }
            html.push_str("</tbody></table>");
            let names = |v: &[Phase]| v.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ");
            let moments = j
                .unused_moments
                .iter()
                .map(|m| m.name())
                .collect::<Vec<_>>()
                .join(", ");
            let _ = write!(
                html,
                "<p>Gaps: {}; {}.</p>",
                if j.phases_without_moments.is_empty() {
                    "every phase has a moment".to_owned()
                } else {
                    format!("no moment in {}", names(&j.phases_without_moments))
                },
                if moments.is_empty() {
                    "every moment is used".to_owned()
                } else {
                    format!("never used: {moments}")
                }
            );
        }
    }
    html.push_str("</div></details>");
    html
}
