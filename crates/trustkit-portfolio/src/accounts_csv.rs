//! Accounts from a CRM export: one row per account, columns named by a [`Mapping`] or matched by
//! name, everything else carried through as attributes.

use std::collections::{BTreeMap, HashMap};

use crate::csvio::{CsvFile, Row, Table, csv_error, parse_time};
use crate::{Account, Error, Import, Portfolio, SCHEMA_VERSION, Unit};

/// Which of an export's columns holds what. Every entry is optional: a field the mapping does not
/// name is looked for under its own name (any case, `_` or space alike); a column nothing uses is
/// kept as a pass-through attribute. Read it from TOML (the CLI's `--mapping`) or JSON.
///
/// ```toml
/// id = "Account ID"
/// name = "Account Name"
/// segment = "Segment"
/// owner = "CSM"
/// parent = "Parent Account ID"
/// arr = "ARR"
/// currency = "EUR"                  # one currency for every row, or:
/// # currency_column = "Currency"
/// renewal_date = "Renewal Date"
/// customer_since = "Customer Since"  # for the renewal model's tenure
/// date_format = "%d/%m/%Y"          # default: 2026-03-31 (or an RFC 3339 time)
/// decimal_comma = false             # true reads 0,55 as 0.55 (and 1.234,5 as 1234.5)
/// nps = ["Last NPS"]                # columns with answers 0–10 (several per cell: "9 10 7")
///
/// [[health]]
/// metric = "adoption"               # a metric of the scorecard
/// column = "Adoption %"
/// unit = "percent"                  # converted to the metric's unit (here a fraction)
///
/// [market]
/// respect = "Exec Relationship"     # 0–1
/// ```
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mapping {
    /// Column of the account id (required one way or the other).
    pub id: Option<String>,
    /// Column of the display name (*default* the id).
    pub name: Option<String>,
    /// Column of the segment.
    pub segment: Option<String>,
    /// Column of the lifecycle stage (`onboarding`, `adoption`, `value`, `renewal`, `expansion`,
    /// `advocacy`).
    pub stage: Option<String>,
    /// Column of the owner (CSM).
    pub owner: Option<String>,
    /// Column of the parent account's id.
    pub parent: Option<String>,
    /// Column of the ARR.
    pub arr: Option<String>,
    /// The ISO 4217 code of every row's ARR.
    pub currency: Option<String>,
    /// Column of each row's currency code, instead of `currency`.
    pub currency_column: Option<String>,
    /// Column of the renewal date.
    pub renewal_date: Option<String>,
    /// Column of the date the account became a customer (the renewal model's tenure).
    pub customer_since: Option<String>,
    /// Column of the prior (trust before any experience, 0–1).
    pub prior: Option<String>,
    /// Columns of NPS answers.
    pub nps: Vec<String>,
    /// Health metric columns with their units.
    pub health: Vec<HealthColumn>,
    /// Market fact (`product_value`, `switching_cost`, `alternatives`, `respect`,
    /// `newcomer_trust`) → column.
    pub market: BTreeMap<String, String>,
    /// `strftime` format of dates (*default* `YYYY-MM-DD` or RFC 3339).
    pub date_format: Option<String>,
    /// Numbers use a decimal comma (European spreadsheets).
    pub decimal_comma: bool,
}

/// One health metric's column.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthColumn {
    /// The scorecard's metric id.
    pub metric: String,
    /// The export's column.
    pub column: String,
    /// The unit of the column's values (*default* the metric's own unit).
    pub unit: Option<Unit>,
}

const MARKET: [&str; 5] = [
    "product_value",
    "switching_cost",
    "alternatives",
    "respect",
    "newcomer_trust",
];

/// Header names compare without case, and `_`, `-` and spaces alike.
fn key(name: &str) -> String {
    name.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == '-' || c == ' ' { '_' } else { c })
        .collect()
}

/// A field's resolved column.
type Col = Option<String>;

struct Resolved {
    id: String,
    name: Col,
    segment: Col,
    stage: Col,
    owner: Col,
    parent: Col,
    arr: Col,
    currency: Col,
    renewal_date: Col,
    customer_since: Col,
    prior: Col,
    nps: Vec<String>,
    /// (metric, column, unit of the column, unit of the metric)
    health: Vec<(String, String, Unit, Unit)>,
    market: Vec<(&'static str, String)>,
}

impl Mapping {
    fn mapping_error(field: &str, message: String) -> Error {
        Error::Csv {
            at: trustkit_core::Location::line(1).with_field(format!("mapping.{field}")),
            message,
        }
    }

    /// Finds each field's column in `headers`.
    fn resolve(
        &self,
        headers: &[String],
        units: &BTreeMap<String, Unit>,
        metrics: &[String],
    ) -> Result<Resolved, Error> {
        let by_key: HashMap<String, &String> = headers.iter().map(|h| (key(h), h)).collect();
        let find = |field: &str, named: &Option<String>| -> Result<Col, Error> {
            match named {
                Some(column) => by_key
                    .get(&key(column))
                    .map(|h| Some((*h).clone()))
                    .ok_or_else(|| {
                        Self::mapping_error(
                            field,
                            format!(
                                "names column {column:?}, which the file does not have (it has {})",
                                headers.join(", ")
                            ),
                        )
                    }),
                None => Ok(by_key.get(&key(field)).map(|h| (*h).clone())),
            }
        };
        let id = find("id", &self.id)?.ok_or_else(|| {
            Self::mapping_error(
                "id",
                format!(
                    "no column holds the account id: name one in the mapping (id = \"…\") or call a column id (the file has {})",
                    headers.join(", ")
                ),
            )
        })?;
        let mut nps = Vec::new();
        for column in &self.nps {
            nps.extend(find("nps", &Some(column.clone()))?);
        }
        if self.nps.is_empty() {
            nps.extend(find("nps", &None)?);
        }
        let mut health = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for h in &self.health {
            if !metrics.contains(&h.metric) {
                return Err(Self::mapping_error(
                    "health",
                    format!(
                        "metric {:?} is not on the scorecard (it has {})",
                        h.metric,
                        metrics.join(", ")
                    ),
                ));
            }
            if !seen.insert(h.metric.clone()) {
                return Err(Self::mapping_error(
                    "health",
                    format!("metric {:?} is mapped twice", h.metric),
                ));
            }
            let column = find("health", &Some(h.column.clone()))?.unwrap_or_default();
            let target = units.get(&h.metric).copied().unwrap_or(Unit::Number);
            let unit = h.unit.unwrap_or(target);
            if unit.to(target, 0.0).is_none() {
                return Err(Self::mapping_error(
                    "health",
                    format!(
                        "metric {:?} is measured in {target}; a column in {unit} cannot be converted to it",
                        h.metric
                    ),
                ));
            }
            health.push((h.metric.clone(), column, unit, target));
        }
        for metric in metrics {
            if !seen.contains(metric) {
                if let Some(column) = find(metric, &None)? {
                    let unit = units.get(metric).copied().unwrap_or(Unit::Number);
                    health.push((metric.clone(), column, unit, unit));
                }
            }
        }
        let mut market = Vec::new();
        for (fact, column) in &self.market {
            let Some(&known) = MARKET.iter().find(|m| **m == fact.as_str()) else {
                return Err(Self::mapping_error(
                    "market",
                    format!(
                        "{fact:?} is not a market fact (expected one of {})",
                        MARKET.join(", ")
                    ),
                ));
            };
            market.extend(find(known, &Some(column.clone()))?.map(|c| (known, c)));
        }
        for fact in MARKET {
            if !self.market.contains_key(fact) {
                market.extend(find(fact, &None)?.map(|c| (fact, c)));
            }
        }
        if self.currency.is_some() && self.currency_column.is_some() {
            return Err(Self::mapping_error(
                "currency",
                "give either currency (one code) or currency_column, not both".into(),
            ));
        }
        Ok(Resolved {
            id,
            name: find("name", &self.name)?,
            segment: find("segment", &self.segment)?,
            stage: find("stage", &self.stage)?,
            owner: find("owner", &self.owner)?,
            parent: find("parent", &self.parent)?,
            arr: find("arr", &self.arr)?,
            currency: match &self.currency {
                Some(_) => None,
                None => find("currency", &self.currency_column)?,
            },
            renewal_date: find("renewal_date", &self.renewal_date)?,
            customer_since: find("customer_since", &self.customer_since)?,
            prior: find("prior", &self.prior)?,
            nps,
            health,
            market,
        })
    }
}

impl Resolved {
    /// The columns this resolution uses, for telling attributes apart.
    fn used(&self) -> Vec<&str> {
        let mut used: Vec<&str> = [
            Some(&self.id),
            self.name.as_ref(),
            self.segment.as_ref(),
            self.stage.as_ref(),
            self.owner.as_ref(),
            self.parent.as_ref(),
            self.arr.as_ref(),
            self.currency.as_ref(),
            self.renewal_date.as_ref(),
            self.customer_since.as_ref(),
            self.prior.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
        used.extend(self.nps.iter().map(String::as_str));
        used.extend(self.health.iter().map(|h| h.1.as_str()));
        used.extend(self.market.iter().map(|m| m.1.as_str()));
        used
    }
}

fn parse_date(raw: &str, format: Option<&str>) -> Option<chrono::NaiveDate> {
    match format {
        Some(f) => chrono::NaiveDate::parse_from_str(raw, f).ok(),
        None => chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .ok()
            .or_else(|| parse_time(raw).map(|t| t.date_naive())),
    }
}

impl Portfolio {
    /// A portfolio from an accounts export, one row per account, diagnosed with the default
    /// scorecard. Columns are found by `mapping` (or by their names) and read as tolerantly as the
    /// other imports; health values are converted from their column's unit to the metric's and
    /// checked against it; unused columns become each account's `attributes`. A bad row is rejected
    /// with its line and column ([`Import::rejected`]) and the others load.
    ///
    /// ```
    /// use trustkit_portfolio::{Mapping, Portfolio};
    ///
    /// let csv = "Account ID,Account Name,Adoption %,Region\n\
    ///            a-1,Acme,55,EMEA\n\
    ///            a-2,Borealis,230,US\n";
    /// let mapping = Mapping {
    ///     id: Some("Account ID".into()),
    ///     name: Some("Account Name".into()),
    ///     health: vec![trustkit_portfolio::HealthColumn {
    ///         metric: "adoption".into(),
    ///         column: "Adoption %".into(),
    ///         unit: Some(trustkit_portfolio::Unit::Percent),
    ///     }],
    ///     ..Mapping::default()
    /// };
    /// let (p, import) = Portfolio::from_accounts_csv(csv.as_bytes(), &mapping)?;
    /// assert_eq!(p.accounts[0].health["adoption"], 0.55);
    /// assert_eq!(p.accounts[0].attributes["Region"], "EMEA");
    /// let err = import.rejected[0].to_string();
    /// assert!(err.starts_with("line 3, field \"Adoption %\": 230 is not a percent"), "{err}");
    /// # Ok::<(), trustkit_portfolio::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Csv`] for a file or mapping that cannot be used at all: empty, a column twice, a
    /// mapping that names a missing column or an unknown metric, no id column.
    pub fn from_accounts_csv<R: std::io::Read>(
        reader: R,
        mapping: &Mapping,
    ) -> Result<(Self, Import), Error> {
        Self::from_accounts(CsvFile::open(reader, &[])?, mapping)
    }

    /// As [`Portfolio::from_accounts_csv`], from a Parquet file with the same mapping (see
    /// [`Portfolio::import_experiences_parquet`] for the column types read).
    ///
    /// # Errors
    /// As [`Portfolio::from_accounts_csv`].
    #[cfg(feature = "parquet")]
    #[cfg_attr(docsrs, doc(cfg(feature = "parquet")))]
    pub fn from_accounts_parquet(
        file: std::fs::File,
        mapping: &Mapping,
    ) -> Result<(Self, Import), Error> {
        Self::from_accounts(crate::parquet::ParquetFile::open(file, &[])?, mapping)
    }

    fn from_accounts(file: impl Table, mapping: &Mapping) -> Result<(Self, Import), Error> {
        let mut portfolio = Self {
            schema_version: SCHEMA_VERSION,
            name: String::new(),
            scorecard: None,
            units: BTreeMap::new(),
            accounts: Vec::new(),
        };
        let ctx = portfolio.context();
        let metrics: Vec<String> = ctx
            .scorecard
            .metrics()
            .iter()
            .map(|m| m.id.clone())
            .collect();
        let columns = mapping.resolve(file.headers(), &ctx.units, &metrics)?;
        let used: Vec<String> = columns.used().iter().map(|c| key(c)).collect();
        let mut first_line: HashMap<String, u64> = HashMap::new();
        let accounts = &mut portfolio.accounts;
        let (rows, mut rejected) = file.for_each(|line, row| {
            let account = read_account(line, row, &columns, mapping, &used)?;
            if let Some(first) = first_line.get(&account.id) {
                return Err(csv_error(
                    line,
                    &columns.id,
                    format!(
                        "account id {:?} appears more than once (first on line {first})",
                        account.id
                    ),
                ));
            }
            first_line.insert(account.id.clone(), line);
            account.validate(&ctx).map_err(|source| Error::Account {
                index: accounts.len(),
                id: account.id.clone(),
                source,
            })?;
            accounts.push(account);
            Ok(())
        });
        if rows == 0 {
            rejected.push(csv_error(
                1,
                "header",
                "the file has a header but no accounts".into(),
            ));
        }
        Ok((
            portfolio,
            Import {
                rows,
                rejected,
                ignored_columns: Vec::new(),
            },
        ))
    }
}

/// A number in `[0, 1]` (a prior, a market fact) from `col`; `None` when empty.
fn unit_cell(
    row: &Row<'_>,
    col: &str,
    line: u64,
    mapping: &Mapping,
    what: &str,
) -> Result<Option<f64>, Error> {
    match row.number(col, line, mapping.decimal_comma)? {
        Some(x) if !(0.0..=1.0).contains(&x) => {
            let shown = trustkit_core::Shown(x);
            Err(csv_error(
                line,
                col,
                format!("{what} {shown} is not in [0, 1]"),
            ))
        }
        other => Ok(other),
    }
}

/// A date from `col` (a date or timestamp column as it is, text parsed with the mapping's
/// `date_format`); `None` when there is no such column or the cell is empty.
fn date_cell(
    row: &Row<'_>,
    col: Option<&String>,
    line: u64,
    mapping: &Mapping,
) -> Result<Option<chrono::NaiveDate>, Error> {
    let Some(col) = col else { return Ok(None) };
    if let Ok(Some(t)) = row.time_at(row.position(col), line, col) {
        // A date or timestamp column: no parsing to do.
        return Ok(Some(t.date_naive()));
    }
    let Some(raw) = row.get(col).filter(|r| !r.is_empty()) else {
        return Ok(None);
    };
    parse_date(raw, mapping.date_format.as_deref())
        .map(Some)
        .ok_or_else(|| {
            csv_error(
                line,
                col,
                format!(
                    "{raw:?} is not a date{}",
                    mapping.date_format.as_deref().map_or(
                        " such as 2026-03-31 (or set date_format in the mapping)".to_owned(),
                        |f| format!(" in the format {f:?}")
                    )
                ),
            )
        })
}

fn read_account(
    line: u64,
    row: &Row<'_>,
    c: &Resolved,
    mapping: &Mapping,
    used: &[String],
) -> Result<Account, Error> {
    let text = |col: &Col| col.as_deref().and_then(|c| row.get(c));
    let id = row
        .get(&c.id)
        .ok_or_else(|| csv_error(line, &c.id, "the account id is empty".into()))?;
    let mut a = Account::new(id, text(&c.name).unwrap_or(id));
    a.segment = text(&c.segment).map(str::to_owned);
    a.owner = text(&c.owner).map(str::to_owned);
    a.parent = text(&c.parent).map(str::to_owned);
    if let (Some(col), Some(raw)) = (&c.stage, text(&c.stage)) {
        a.stage = Some(
            raw.parse()
                .map_err(|e: trustkit_core::UnknownName| csv_error(line, col, e.to_string()))?,
        );
    }
    if let Some(col) = &c.arr {
        if let Some(arr) = row.number(col, line, mapping.decimal_comma)? {
            if arr < 0.0 {
                let shown = trustkit_core::Shown(arr);
                return Err(csv_error(line, col, format!("ARR {shown} is negative")));
            }
            a.arr = Some(arr);
        }
    }
    a.currency = mapping
        .currency
        .clone()
        .or_else(|| text(&c.currency).map(str::to_owned));
    a.renewal_date = date_cell(row, c.renewal_date.as_ref(), line, mapping)?;
    a.customer_since = date_cell(row, c.customer_since.as_ref(), line, mapping)?;
    if let Some(col) = &c.prior {
        a.prior = unit_cell(row, col, line, mapping, "the prior")?;
    }
    for col in &c.nps {
        for answer in row
            .text(col)
            .split(|ch: char| ch.is_whitespace() || ch == '|')
        {
            if answer.is_empty() {
                continue;
            }
            match answer.parse::<u8>() {
                Ok(v) if v <= 10 => a.nps.push(v),
                _ => {
                    return Err(csv_error(
                        line,
                        col,
                        format!("NPS answer {answer:?} is not a whole number from 0 to 10"),
                    ));
                }
            }
        }
    }
    for (metric, col, unit, target) in &c.health {
        let Some(value) = row.number(col, line, mapping.decimal_comma)? else {
            continue;
        };
        unit.check(value)
            .map_err(|problem| csv_error(line, col, problem))?;
        let converted = unit.to(*target, value).unwrap_or(value);
        a.health.insert(metric.clone(), converted);
    }
    for (fact, col) in &c.market {
        let Some(value) = unit_cell(row, col, line, mapping, fact)? else {
            continue;
        };
        let m = &mut a.market;
        match *fact {
            "product_value" => m.product_value = Some(value),
            "switching_cost" => m.switching_cost = Some(value),
            "alternatives" => m.alternatives = Some(value),
            "respect" => m.respect = Some(value),
            _ => m.newcomer_trust = Some(value),
        }
    }
    for (header, cell) in row.cells() {
        if !used.contains(&key(header)) {
            a.attributes.insert(header.to_owned(), cell);
        }
    }
    Ok(a)
}
