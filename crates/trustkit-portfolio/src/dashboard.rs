//! [`dashboard`]: the portfolio report as one self-contained HTML page — inline CSS, a little plain
//! JavaScript for sorting and filtering, no network requests — for a team review or an embedding
//! platform to serve.

mod detail_html;

use std::fmt::Write as _;

use trustkit_loyalty::Colour;

use crate::{Diagnosis, Rollups, Summary, UNASSIGNED};

/// Above this many accounts the page lists the riskiest ones (by revenue at risk, then renewal) and
/// says so, instead of growing without bound; the header and roll-ups still count every account.
pub const DASHBOARD_ROWS: usize = 2_000;

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Accounts whose detail the page shows, those with the most revenue at risk first: enough for a
/// team review, while a 10 000-account page stays a few megabytes.
pub const DETAIL_ACCOUNTS: usize = 200;

/// A probability to two decimals, as reports show it, except that one within half a hundredth of 0
/// or 1 reads `<0.01` or `>0.99`: a printed 0.00 or 1.00 claims a certainty no model has.
///
/// ```
/// use trustkit_portfolio::short_probability;
/// assert_eq!(short_probability(0.8349), "0.83");
/// assert_eq!((short_probability(0.0004), short_probability(0.9996)), ("<0.01".into(), ">0.99".into()));
/// ```
#[must_use]
pub fn short_probability(p: f64) -> String {
    if p < 0.005 {
        "<0.01".to_owned()
    } else if p >= 0.995 {
        ">0.99".to_owned()
    } else {
        format!("{p:.2}")
    }
}

/// An amount of money in a few characters, as reports show it: 2.5e9 → "2.50B", 1 234 567 → "1.23M",
/// 45 600 → "45.6k", 812 → "812".
///
/// ```
/// assert_eq!(trustkit_portfolio::short_money(1_234_567.0), "1.23M");
/// assert_eq!(trustkit_portfolio::short_money(45_600.0), "45.6k");
/// ```
#[must_use]
pub fn short_money(x: f64) -> String {
    let a = x.abs();
    if a >= 1e9 {
        format!("{:.2}B", x / 1e9)
    } else if a >= 1e6 {
        format!("{:.2}M", x / 1e6)
    } else if a >= 1e3 {
        format!("{:.1}k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}

/// A RAG badge: colour and the word, so colour is never the only signal.
fn badge(c: Colour, text: &str) -> String {
    let (class, mark) = match c {
        Colour::Red => ("red", "▲"),
        Colour::Yellow => ("yellow", "●"),
        Colour::Green => ("green", "✓"),
    };
    format!(r#"<span class="rag {class}">{mark} {}</span>"#, esc(text))
}

/// The colour a group's revenue at risk earns: red from 20 % of its ARR, yellow from 10 %.
fn risk_colour(s: &Summary) -> Colour {
    let share = if s.arr > 0.0 {
        s.revenue_at_risk / s.arr
    } else {
        0.0
    };
    if share >= 0.2 {
        Colour::Red
    } else if share >= 0.1 {
        Colour::Yellow
    } else {
        Colour::Green
    }
}

fn summary_row(group: &str, s: &Summary) -> String {
    let share = if s.arr > 0.0 {
        100.0 * s.revenue_at_risk / s.arr
    } else {
        0.0
    };
    format!(
        "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{} / {} / {}</td><td class=\"n\">{}</td></tr>",
        esc(group),
        s.accounts,
        short_money(s.arr),
        short_money(s.revenue_at_risk),
        badge(risk_colour(s), &format!("{share:.0} % at risk")),
        s.health[0],
        s.health[1],
        s.health[2],
        s.mean_trust().map_or("–".to_owned(), |t| format!("{t:.2}")),
    )
}

/// The whole page for these diagnoses, titled `name`, dated `as_of`.
///
/// ```
/// let sample = trustkit_portfolio::Portfolio::sample()?;
/// let page = trustkit_portfolio::dashboard("Sample", &sample.diagnose_all()?, "2026-11-25");
/// assert!(page.starts_with("<!DOCTYPE html>") && page.contains("kestrel-pharma"));
/// assert!(!page.contains("http://") && !page.contains("https://")); // nothing to fetch
/// # Ok::<(), trustkit_portfolio::Error>(())
/// ```
#[must_use]
pub fn dashboard(name: &str, diagnoses: &[Diagnosis], as_of: &str) -> String {
    let mut rollups = Rollups::default();
    for d in diagnoses {
        rollups.add(d);
    }
    let t = &rollups.total;
    let mut order: Vec<&Diagnosis> = diagnoses.iter().collect();
    let capped = order.len() > DASHBOARD_ROWS;
    if capped {
        order.sort_by(|a, b| Diagnosis::riskiest_first(a, b));
        order.truncate(DASHBOARD_ROWS);
    }
    // NPS over every answer in the portfolio, with its margin (the same adjusted Wald interval as
    // an account's).
    let all = diagnoses
        .iter()
        .filter_map(|d| d.findings.nps.as_ref())
        .fold(
            trustkit_loyalty::Nps {
                promoters: 0,
                passives: 0,
                detractors: 0,
            },
            |mut all, v| {
                all.promoters += v.promoters;
                all.detractors += v.detractors;
                all.passives += v.respondents.saturating_sub(v.promoters + v.detractors);
                all
            },
        );
    let nps_n = all.respondents();
    let nps = (nps_n > 0).then(|| (all.score(), all.margin_of_error(1.96)));
    let mut trust_bins = [0usize; 5];
    for d in diagnoses {
        let k = ((d.findings.trust.value() * 5.0) as usize).min(4);
        trust_bins[k] += 1;
    }
    let max_bin = trust_bins.iter().copied().max().unwrap_or(1).max(1);
    // Detail sections for the accounts with the most revenue at risk that carry a detail.
    let mut detailed: Vec<&Diagnosis> = order
        .iter()
        .copied()
        .filter(|d| d.detail.is_some())
        .collect();
    detailed.sort_by(|a, b| Diagnosis::riskiest_first(a, b));
    detailed.truncate(DETAIL_ACCOUNTS);
    let detail_of: std::collections::HashMap<&str, usize> = detailed
        .iter()
        .enumerate()
        .map(|(k, d)| (d.account.as_str(), k))
        .collect();

    let mut html = String::with_capacity(4096 + 800 * order.len());
    let _ = write!(
        html,
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — trustkit</title>
<style>
body{{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1b1f24}}
h1{{font-size:1.4rem;margin:0 0 .2rem}} h2{{font-size:1.1rem;margin:1.5rem 0 .5rem}}
.kpis{{display:flex;flex-wrap:wrap;gap:.75rem}} .kpi{{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .8rem;min-width:9rem}}
.kpi b{{display:block;font-size:1.3rem}} .muted{{color:#57606a}}
table{{border-collapse:collapse;width:100%}} th,td{{padding:.3rem .5rem;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}}
td.n,th.n{{text-align:right;font-variant-numeric:tabular-nums}}
thead th{{background:#f6f8fa;position:sticky;top:0}} thead th button{{font:inherit;font-weight:600;background:none;border:0;cursor:pointer;padding:0}}
.rag{{padding:0 .35rem;border-radius:4px;white-space:nowrap}} .red{{background:#ffebe9;color:#a40e26}} .yellow{{background:#fff8c5;color:#7d4e00}} .green{{background:#dafbe1;color:#116329}}
.bar{{display:inline-block;height:.8rem;background:#8250df;vertical-align:middle}}
.filters{{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0}}
.scroll{{overflow-x:auto}}
#accounts{{table-layout:fixed;min-width:60rem}} #accounts td{{overflow-wrap:anywhere}}
h3{{font-size:1rem;margin:1rem 0 .3rem}} details{{border:1px solid #d0d7de;border-radius:6px;margin:.4rem 0;padding:.3rem .6rem}}
summary{{cursor:pointer}} .detail{{padding:.2rem 0 .6rem}} table.mini{{width:auto}} svg.traj{{max-width:100%;height:auto}}
@media (max-width:700px){{.wide{{display:none}}}}
@media print{{body{{font-size:10px;margin:0}} #accounts td{{overflow-wrap:normal}} thead th button{{appearance:none;-webkit-appearance:none;color:#000;font-size:inherit}} @page{{size:A4 landscape;margin:1cm}} .filters{{display:none}} thead th{{position:static}} tr{{break-inside:avoid}} details{{break-inside:avoid}}}}
</style></head><body>
<h1>{title}</h1><p class="muted">As of {as_of}. Renewal probabilities come from trustkit's built-in prior unless a row says calibrated.</p>
<div class="kpis">
<div class="kpi">Accounts<b>{accounts}</b></div>
<div class="kpi">ARR<b>{arr}</b></div>
<div class="kpi">Renewal-weighted ARR<b>{expected}</b></div>
<div class="kpi">Revenue at risk<b>{at_risk}</b></div>
<div class="kpi">Health<b>{red} / {yellow} / {green}</b><span class="muted">red / yellow / green</span></div>
<div class="kpi">NPS<b>{nps}</b><span class="muted">{nps_n} answers</span></div>
<div class="kpi">Without trust evidence<b>{blind}</b></div>
</div>
<h2>Trust distribution</h2><table aria-label="trust distribution">"#,
        title = esc(name),
        as_of = esc(as_of),
        accounts = t.accounts,
        arr = short_money(t.arr),
        expected = short_money(t.expected_arr),
        at_risk = short_money(t.revenue_at_risk),
        red = t.health[0],
        yellow = t.health[1],
        green = t.health[2],
        nps = nps.map_or("–".to_owned(), |(n, m)| format!("{n:+.0} ± {m:.0}")),
        nps_n = nps_n,
        blind = t.without_trust_evidence,
    );
    for (k, n) in trust_bins.iter().enumerate() {
        let _ = write!(
            html,
            "<tr><th scope=\"row\">{:.1}–{:.1}</th><td><span class=\"bar\" style=\"width:{}px\"></span> {n}</td></tr>",
            k as f64 / 5.0,
            (k + 1) as f64 / 5.0,
            (200 * n) / max_bin
        );
    }
    html.push_str("</table>");
    for (title, groups) in [
        ("By segment", &rollups.by_segment),
        ("By owner", &rollups.by_owner),
    ] {
        let _ = write!(
            html,
            "<h2>{title}</h2><table><thead><tr><th>group</th><th class=\"n\">accounts</th><th class=\"n\">ARR</th><th class=\"n\">at risk</th><th>risk</th><th>health r / y / g</th><th class=\"n\">mean trust</th></tr></thead><tbody>"
        );
        for (group, s) in groups {
            html.push_str(&summary_row(group, s));
        }
        html.push_str("</tbody></table>");
    }
    let options = |groups: &std::collections::BTreeMap<String, Summary>| {
        groups
            .keys()
            .map(|g| format!("<option>{}</option>", esc(g)))
            .collect::<String>()
    };
    let _ = write!(
        html,
        r#"<h2>Accounts</h2>{note}
<div class="filters">
<label>Segment <select id="f-segment"><option value="">all</option>{segments}</select></label>
<label>Owner <select id="f-owner"><option value="">all</option>{owners}</select></label>
<label>Health <select id="f-health"><option value="">all</option><option>red</option><option>yellow</option><option>green</option><option>none</option></select></label>
<span id="shown" class="muted"></span></div>
<table id="accounts"><thead><tr>
<th style="width:13%"><button data-k="0">account</button></th><th class="wide" style="width:6%"><button data-k="1">owner</button></th><th class="wide" style="width:7%"><button data-k="2">segment</button></th>
<th class="n" style="width:6%"><button data-k="3" data-num="1">trust</button></th><th class="wide" style="width:9%">commitment</th>
<th style="width:13%"><button data-k="5" data-num="1">health</button></th><th class="n" style="width:6%"><button data-k="6" data-num="1">NPS</button></th>
<th class="n" style="width:7%"><button data-k="7" data-num="1">renewal</button></th><th class="n" style="width:6%"><button data-k="8" data-num="1">at risk</button></th>
<th class="n wide" style="width:7%"><button data-k="9" data-num="1">days to renewal</button></th><th style="width:20%">next action</th></tr></thead><tbody>"#,
        note = if capped {
            format!(
                "<p class=\"muted\">The {DASHBOARD_ROWS} accounts with the most revenue at risk of {}; the CSV report has every one.</p>",
                diagnoses.len()
            )
        } else {
            String::new()
        },
        segments = options(&rollups.by_segment),
        owners = options(&rollups.by_owner),
    );
    for &d in &order {
        let f = &d.findings;
        let (health_cell, health_key, health_sort) =
            f.health
                .as_ref()
                .map_or(("–".to_owned(), "none", -1.0), |h| {
                    let trend = h.trend.map_or(String::new(), |t| format!(" {t}"));
                    (
                        format!(
                            "{}{}{}",
                            badge(h.colour, &format!("{} {:.0}", h.colour.name(), h.score)),
                            esc(&trend),
                            h.driver.as_ref().map_or(String::new(), |m| format!(
                                " <span class=\"muted\">({})</span>",
                                esc(m)
                            ))
                        ),
                        h.colour.name(),
                        h.score,
                    )
                });
        let nps = f.nps.as_ref();
        let _ = write!(
            html,
            "<tr data-segment=\"{seg}\" data-owner=\"{own}\" data-health=\"{health_key}\">\
<td data-v=\"{name}\">{link}<br><span class=\"muted\">{id}</span></td>\
<td class=\"wide\" data-v=\"{own}\">{own}</td><td class=\"wide\" data-v=\"{seg}\">{seg}</td>\
<td class=\"n\" data-v=\"{trust}\">{trust:.2}<br><span class=\"muted\">{sources} source{plural}</span></td>\
<td class=\"wide\">{commitment}<br><span class=\"muted\">{relationship}</span></td>\
<td data-v=\"{health_sort}\">{health_cell}</td>\
<td class=\"n\" data-v=\"{nps_v}\">{nps_text}</td>\
<td class=\"n\" data-v=\"{renewal}\">{renewal_text}{calibrated}</td>\
<td class=\"n\" data-v=\"{risk_v}\">{risk_text}</td>\
<td class=\"n wide\" data-v=\"{days_v}\">{days_text}</td>\
<td>{moment}: {action}</td></tr>",
            seg = esc(d.segment.as_deref().unwrap_or(UNASSIGNED)),
            own = esc(d.owner.as_deref().unwrap_or(UNASSIGNED)),
            name = esc(&d.name),
            link = detail_of.get(d.account.as_str()).map_or_else(
                || format!("<b>{}</b>", esc(&d.name)),
                |k| format!("<a href=\"#d-{k}\"><b>{}</b></a>", esc(&d.name))
            ),
            id = esc(&d.account),
            trust = f.trust.value(),
            sources = f.trust_sources,
            plural = if f.trust_sources == 1 { "" } else { "s" },
            commitment = f.commitment.name(),
            relationship = f.relationship.name().replace('_', " "),
            nps_v = nps.map_or(-1000.0, |n| n.score),
            nps_text = nps.map_or("–".to_owned(), |n| format!(
                "{:+.0} ± {:.0}",
                n.score, n.margin
            )),
            renewal = f.renewal_probability,
            renewal_text = short_probability(f.renewal_probability),
            calibrated = if f.renewal_calibrated {
                " <span class=\"muted\">calibrated</span>"
            } else {
                ""
            },
            risk_v = d.revenue_at_risk.unwrap_or(0.0),
            risk_text = d.revenue_at_risk.map_or("–".to_owned(), short_money),
            days_v = d.days_to_renewal.unwrap_or(i64::MAX),
            days_text = d.days_to_renewal.map_or("–".to_owned(), |n| n.to_string()),
            moment = d.action.moment.name(),
            action = esc(&d.action.headline),
        );
    }
    html.push_str("</tbody></table>");
    if !detailed.is_empty() {
        let _ = write!(
            html,
            "<h2>Account detail</h2><p class=\"muted\">{}Open an account for its learned trust over time, health metrics against their limits, the four beliefs, its journey and why the action was chosen.</p>",
            if detailed.len() < order.len() {
                format!(
                    "The {} accounts with the most revenue at risk. ",
                    detailed.len()
                )
            } else {
                String::new()
            }
        );
        for (k, d) in detailed.iter().enumerate() {
            if let Some(detail) = &d.detail {
                html.push_str(&detail_html::section(k, d, detail));
            }
        }
    }
    html.push_str(
        r##"
<script>
(function(){
  var table=document.getElementById('accounts'), body=table.tBodies[0];
  var rows=Array.prototype.slice.call(body.rows), dir={};
  function filter(){
    var s=document.getElementById('f-segment').value, o=document.getElementById('f-owner').value,
        h=document.getElementById('f-health').value, n=0;
    rows.forEach(function(r){
      var show=(!s||r.dataset.segment===s)&&(!o||r.dataset.owner===o)&&(!h||r.dataset.health===h);
      r.hidden=!show; if(show){n++;}
    });
    document.getElementById('shown').textContent=n+' of '+rows.length+' accounts shown';
  }
  ['f-segment','f-owner','f-health'].forEach(function(id){document.getElementById(id).addEventListener('change',filter);});
  table.tHead.querySelectorAll('button').forEach(function(b){
    b.addEventListener('click',function(){
      var k=+b.dataset.k, num=!!b.dataset.num; dir[k]=-(dir[k]||(num?1:-1));
      // Keys read once, rows moved in one fragment: one layout, not one per row.
      var keyed=rows.map(function(r,i){var v=r.cells[k].dataset.v;return [num?parseFloat(v):v,i,r];});
      var d=dir[k];
      keyed.sort(function(x,y){
        var r=num?(x[0]-y[0]):(x[0]<y[0]?-1:x[0]>y[0]?1:0);
        return d*r||x[1]-y[1];
      });
      rows=keyed.map(function(e){return e[2];});
      var frag=document.createDocumentFragment();
      rows.forEach(function(r){frag.appendChild(r);});
      body.appendChild(frag);
      table.tHead.querySelectorAll('th').forEach(function(th){th.removeAttribute('aria-sort');});
      b.parentNode.setAttribute('aria-sort',dir[k]>0?'ascending':'descending');
    });
  });
  filter();
  // A link to an account's detail opens it.
  function openTarget(){var t=location.hash&&document.getElementById(location.hash.slice(1));if(t&&t.tagName==='DETAILS'){t.open=true;}}
  window.addEventListener('hashchange',openTarget); openTarget();
  // A printed page has no clicks: print every account's detail open.
  window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});
  // Open on the click itself too: the hash may not change (same link twice) and hashchange is late.
  document.querySelectorAll('a[href^="#d-"]').forEach(function(a){
    a.addEventListener('click',function(){var t=document.getElementById(a.getAttribute('href').slice(1));if(t){t.open=true;}});
  });
})();
</script></body></html>
"##,
    );
    // On a narrow screen a wide table scrolls within its box, not the whole page.
    html.replace("<table", "<div class=\"scroll\"><table")
        .replace("</table>", "</table></div>")
}
