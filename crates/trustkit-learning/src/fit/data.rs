//! [`Dataset`]: histories of experiences with observations, loaded from CSV or JSON.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::Experience;
use crate::error::Error;
use trustkit_core::Location;

/// What was observed about the customer at one step.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Observation {
    /// A trust measurement in `[0, 1]` (a survey score) taken *after* the step's experience.
    Measurement(f64),
    /// The share of the stake invested (or the size of a commitment, as a share of what was possible)
    /// in `[0, 1]`, decided *before* the step's outcome, as in the trust game.
    Investment(f64),
    /// A yes/no decision (renewed, expanded, invested) taken *before* the step's outcome.
    Choice(bool),
}

/// One subject (account, customer, participant–partner pair): its experiences in time order and the
/// observations attached to some of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    id: String,
    prior: Option<f64>,
    pub(crate) rewards: Vec<f64>,
    pub(crate) promised: Vec<Option<f64>>,
    pub(crate) elapsed_days: Vec<f64>,
    times: Vec<DateTime<Utc>>,
    pub(crate) observations: Vec<Option<Observation>>,
}

impl Subject {
    /// Validates one subject's history.
    ///
    /// `prior` is what was believed before any experience (a first impression or reputation in
    /// `[0, 1]`); models that start from the prior use it.
    ///
    /// # Errors
    /// [`Error::Data`] naming the subject and trial for an empty history, times going backwards, or an
    /// observation outside `[0, 1]`; a prior outside `[0, 1]`.
    pub fn new(
        id: impl Into<String>,
        prior: Option<f64>,
        trials: Vec<(Experience, Option<Observation>)>,
    ) -> Result<Self, Error> {
        let id = id.into();
        let at = |k: usize| format!("subject {id:?}, trial {k}");
        if id.trim().is_empty() {
            return Err(Error::Data {
                at: Location::default().with_field("subject"),
                message: "empty subject id".into(),
            });
        }
        // Files trim their cells, so an id with surrounding spaces could not be written and read
        // back as itself (found by the fit_dataset fuzz target).
        if id.trim() != id {
            return Err(Error::Data {
                at: Location::path(format!("subject {id:?}")).with_field("subject"),
                message: "the subject id begins or ends with white space".into(),
            });
        }
        if trials.is_empty() {
            return Err(Error::Data {
                at: Location::path(format!("subject {id:?}")).with_field("trials"),
                message: "no experiences".into(),
            });
        }
        if let Some(p) = prior {
            if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
                return Err(Error::Data {
                    at: Location::path(format!("subject {id:?}")).with_field("prior"),
                    message: format!("{p} is not in [0, 1]"),
                });
            }
        }
        let mut subject = Self {
            id: id.clone(),
            prior,
            rewards: Vec::with_capacity(trials.len()),
            promised: Vec::with_capacity(trials.len()),
            elapsed_days: Vec::with_capacity(trials.len()),
            times: Vec::with_capacity(trials.len()),
            observations: Vec::with_capacity(trials.len()),
        };
        for (k, (experience, observation)) in trials.into_iter().enumerate() {
            let t = experience.at();
            let elapsed = match subject.times.last() {
                Some(&previous) if t < previous => {
                    return Err(Error::Data {
                        at: Location::path(at(k)).with_field("time"),
                        message: format!(
                            "{t} is before the previous experience at {previous}: sort each subject's rows by time"
                        ),
                    });
                }
                Some(&previous) => (t - previous).num_milliseconds() as f64 / 86_400_000.0,
                None => 0.0,
            };
            if let Some(Observation::Measurement(x) | Observation::Investment(x)) = observation {
                if !(x.is_finite() && (0.0..=1.0).contains(&x)) {
                    return Err(Error::Data {
                        at: Location::path(at(k)).with_field("observation"),
                        message: format!("{x} is not in [0, 1]"),
                    });
                }
            }
            subject.rewards.push(experience.reward().value());
            subject
                .promised
                .push(experience.promised().map(|p| p.value()));
            subject.elapsed_days.push(elapsed);
            subject.times.push(t);
            subject.observations.push(observation);
        }
        Ok(subject)
    }

    /// The subject's id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The prior, if known.
    #[must_use]
    pub const fn prior(&self) -> Option<f64> {
        self.prior
    }

    /// Number of experiences.
    #[must_use]
    pub fn len(&self) -> usize {
        self.rewards.len()
    }

    /// True when there are no experiences (never, for a validated subject).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rewards.is_empty()
    }

    /// Number of steps with an observation.
    #[must_use]
    pub fn observation_count(&self) -> usize {
        self.observations.iter().filter(|o| o.is_some()).count()
    }

    /// The experiences and observations, rebuilt (for export).
    #[must_use]
    pub fn trials(&self) -> Vec<(Experience, Option<Observation>)> {
        (0..self.len())
            .filter_map(|k| {
                let e = Experience::new(self.rewards[k], self.times[k]).ok()?;
                let e = match self.promised[k] {
                    Some(p) => e.with_promise(p).ok()?,
                    None => e,
                };
                Some((e, self.observations[k]))
            })
            .collect()
    }
}

/// Many subjects, ready to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    subjects: Vec<Subject>,
}

/// The columns a CSV file may have.
const COLUMNS: [&str; 8] = [
    "subject",
    "time",
    "reward",
    "promised",
    "prior",
    "measurement",
    "investment",
    "choice",
];

impl Dataset {
    /// Collects subjects.
    ///
    /// # Errors
    /// [`Error::Data`] for no subjects or a repeated subject id.
    pub fn new(subjects: Vec<Subject>) -> Result<Self, Error> {
        if subjects.is_empty() {
            return Err(Error::Data {
                at: Location::path("dataset").with_field("subjects"),
                message: "no subjects".into(),
            });
        }
        // A hash set keeps this linear in subjects.
        let mut seen = std::collections::HashSet::with_capacity(subjects.len());
        for s in &subjects {
            if !seen.insert(s.id.as_str()) {
                return Err(Error::Data {
                    at: Location::path("dataset").with_field("subject"),
                    message: format!("subject {:?} appears twice", s.id),
                });
            }
        }
        Ok(Self { subjects })
    }

    /// The subjects.
    #[must_use]
    pub fn subjects(&self) -> &[Subject] {
        &self.subjects
    }

    /// Total number of observations.
    #[must_use]
    pub fn observation_count(&self) -> usize {
        self.subjects.iter().map(Subject::observation_count).sum()
    }

    /// Reads CSV with a header row. Columns: `subject`, `time`, `reward` (required); `promised`,
    /// `prior`, `measurement`, `investment`, `choice` (optional, may be empty). `time` is RFC 3339
    /// (`2026-03-01T09:00:00Z`) or a whole number of days since 1970-01-01 (a trial index works).
    /// A subject's rows need not be contiguous but must be in time order; `prior` must not vary within
    /// a subject; a row carries at most one of `measurement`, `investment`, `choice` (`1`/`0`,
    /// `true`/`false`).
    ///
    /// ```
    /// use trustkit_learning::fit::Dataset;
    ///
    /// let csv = "subject,time,reward,measurement\nacme,0,0.9,\nacme,1,0.2,0.55\n";
    /// let data = Dataset::from_csv(csv.as_bytes())?;
    /// assert_eq!((data.subjects().len(), data.observation_count()), (1, 1));
    /// let err = Dataset::from_csv("subject,time,reward\nacme,0,oops\n".as_bytes()).unwrap_err();
    /// assert_eq!(err.to_string(), "line 2, field \"reward\": \"oops\" is not a number");
    /// # Ok::<(), trustkit_learning::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Data`] naming the line and field of the first problem: unknown or missing columns,
    /// unparsable values, NaN, values outside `[0, 1]`, unsorted times, a varying prior, empty input.
    pub fn from_csv<R: std::io::Read>(reader: R) -> Result<Self, Error> {
        let mut csv = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(reader);
        let header = csv
            .headers()
            .map_err(|e| data_error(1, "header", e.to_string()))?
            .clone();
        let mut index = [None; COLUMNS.len()];
        for (k, name) in header.iter().enumerate() {
            let Some(c) = COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(name)) else {
                return Err(data_error(
                    1,
                    name,
                    format!("unknown column; expected some of {}", COLUMNS.join(", ")),
                ));
            };
            if index[c].replace(k).is_some() {
                return Err(data_error(1, name, "column appears twice".into()));
            }
        }
        for required in ["subject", "time", "reward"] {
            let c = COLUMNS.iter().position(|c| *c == required).unwrap_or(0);
            if index[c].is_none() {
                return Err(data_error(1, required, "missing required column".into()));
            }
        }
        let mut order: Vec<String> = Vec::new();
        let mut rows: std::collections::HashMap<String, Pending> = std::collections::HashMap::new();
        for (n, record) in csv.records().enumerate() {
            let line = n + 2;
            let record = record.map_err(|e| data_error(line, "row", e.to_string()))?;
            let get = |name: &str| -> Option<&str> {
                let c = COLUMNS.iter().position(|c| *c == name)?;
                index[c]
                    .and_then(|k| record.get(k))
                    .filter(|v| !v.is_empty())
            };
            let subject = get("subject")
                .ok_or_else(|| data_error(line, "subject", "empty subject".into()))?
                .to_owned();
            let time = parse_time(get("time").unwrap_or(""), line)?;
            let reward = parse_unit(get("reward"), line, "reward")?
                .ok_or_else(|| data_error(line, "reward", "missing reward".into()))?;
            let mut experience = Experience::new(reward, time)
                .map_err(|e| data_error(line, "reward", e.to_string()))?;
            if let Some(p) = parse_unit(get("promised"), line, "promised")? {
                experience = experience
                    .with_promise(p)
                    .map_err(|e| data_error(line, "promised", e.to_string()))?;
            }
            let prior = parse_unit(get("prior"), line, "prior")?;
            let mut observation = None;
            for (field, kind) in [("measurement", 0), ("investment", 1), ("choice", 2)] {
                let Some(raw) = get(field) else { continue };
                if observation.is_some() {
                    return Err(data_error(
                        line,
                        field,
                        "a row may carry only one of measurement, investment, choice".into(),
                    ));
                }
                observation = Some(match kind {
                    0 => {
                        Observation::Measurement(parse_unit(Some(raw), line, field)?.unwrap_or(0.0))
                    }
                    1 => {
                        Observation::Investment(parse_unit(Some(raw), line, field)?.unwrap_or(0.0))
                    }
                    _ => Observation::Choice(match raw.to_ascii_lowercase().as_str() {
                        "1" | "true" | "yes" => true,
                        "0" | "false" | "no" => false,
                        other => {
                            return Err(data_error(
                                line,
                                field,
                                format!("{other:?} is not a choice (1/0, true/false)"),
                            ));
                        }
                    }),
                });
            }
            let entry = rows.entry(subject.clone()).or_insert_with(|| {
                order.push(subject.clone());
                (prior, Vec::new(), Vec::new())
            });
            if entry.0 != prior && prior.is_some() {
                if entry.0.is_some() {
                    return Err(data_error(
                        line,
                        "prior",
                        format!(
                            "subject {subject:?} already has prior {:?}",
                            entry.0.unwrap_or_default()
                        ),
                    ));
                }
                entry.0 = prior;
            }
            if let Some((last, _)) = entry.1.last() {
                if time < last.at() {
                    return Err(data_error(
                        line,
                        "time",
                        format!(
                            "{time} is before subject {subject:?}'s previous row (line {}): sort each subject's rows by time",
                            entry.2.last().copied().unwrap_or(0)
                        ),
                    ));
                }
            }
            entry.1.push((experience, observation));
            entry.2.push(line);
        }
        let subjects = order
            .into_iter()
            .filter_map(|id| rows.remove(&id).map(|r| (id, r)))
            .map(|(id, (prior, trials, _))| Subject::new(id, prior, trials))
            .collect::<Result<Vec<_>, _>>()?;
        if subjects.is_empty() {
            return Err(data_error(1, "row", "the file has no data rows".into()));
        }
        Self::new(subjects)
    }

    /// Writes the dataset as CSV in the format [`Dataset::from_csv`] reads (times in RFC 3339).
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut out =
            String::from("subject,time,reward,promised,prior,measurement,investment,choice\n");
        for s in &self.subjects {
            for k in 0..s.len() {
                let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
                let (m, i, c) = match s.observations[k] {
                    Some(Observation::Measurement(x)) => {
                        (x.to_string(), String::new(), String::new())
                    }
                    Some(Observation::Investment(x)) => {
                        (String::new(), x.to_string(), String::new())
                    }
                    Some(Observation::Choice(b)) => {
                        (String::new(), String::new(), u8::from(b).to_string())
                    }
                    None => (String::new(), String::new(), String::new()),
                };
                out.push_str(&format!(
                    "{},{},{},{},{},{m},{i},{c}\n",
                    csv_field(&s.id),
                    s.times[k].to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                    s.rewards[k],
                    opt(s.promised[k]),
                    opt(s.prior),
                ));
            }
        }
        out
    }

    /// Reads a dataset from JSON: `{"subjects": [{"id": …, "prior": …, "trials": [{"experience": …,
    /// "observation": {"measurement": 0.7}}]}]}`.
    ///
    /// # Errors
    /// [`Error::Data`] with serde_json's line and column, or the subject and trial of a validation
    /// error.
    #[cfg(feature = "serde")]
    #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let raw: RawDataset = serde_json::from_str(json).map_err(|e| {
            let (at, message) = Location::json(e.line(), e.column(), &e.to_string());
            Error::Data { at, message }
        })?;
        let subjects = raw
            .subjects
            .into_iter()
            .map(|s| {
                Subject::new(
                    s.id,
                    s.prior,
                    s.trials
                        .into_iter()
                        .map(|t| (t.experience, t.observation))
                        .collect(),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        Self::new(subjects)
    }
}

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataset {
    subjects: Vec<RawSubject>,
}

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubject {
    id: String,
    #[serde(default)]
    prior: Option<f64>,
    trials: Vec<RawTrial>,
}

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrial {
    experience: Experience,
    #[serde(default)]
    observation: Option<Observation>,
}

/// A subject being read from CSV: its prior, its trials, and the line of each trial.
type Pending = (
    Option<f64>,
    Vec<(Experience, Option<Observation>)>,
    Vec<usize>,
);

fn data_error(line: usize, field: &str, message: String) -> Error {
    Error::Data {
        at: Location::line(line as u64).with_field(field),
        message,
    }
}

fn parse_unit(raw: Option<&str>, line: usize, field: &str) -> Result<Option<f64>, Error> {
    let Some(raw) = raw else { return Ok(None) };
    let x: f64 = raw
        .parse()
        .map_err(|_| data_error(line, field, format!("{raw:?} is not a number")))?;
    if !(x.is_finite() && (0.0..=1.0).contains(&x)) {
        return Err(data_error(line, field, format!("{raw} is not in [0, 1]")));
    }
    Ok(Some(x))
}

/// A CSV field, quoted when it holds a delimiter, a quote or a line break (quotes doubled).
fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        std::borrow::Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn parse_time(raw: &str, line: usize) -> Result<DateTime<Utc>, Error> {
    if let Ok(days) = raw.parse::<i64>() {
        return Utc
            .timestamp_opt(0, 0)
            .single()
            .and_then(|epoch| epoch.checked_add_signed(Duration::try_days(days)?))
            .ok_or_else(|| data_error(line, "time", format!("{days} days is out of range")));
    }
    DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            data_error(
                line,
                "time",
                format!("{raw:?} is neither RFC 3339 nor a whole number of days"),
            )
        })
}
