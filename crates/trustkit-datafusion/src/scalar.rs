//! Scalar functions: one value per row, computed by the library's columnar kernels on each Arrow
//! batch.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Float64Array, StringArray};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, TypeSignature, Volatility,
};
use trustkit_core::{Trend, TrustLevel, UnitInterval};
use trustkit_equation::{Columns, Scale};
use trustkit_loyalty::{ChurnModel, Colour, Commitment, RenewalInputs, RenewalLogit, Scorecard};

use crate::args::{
    domain_error, filled, float64, function_identity, literal_text, nan_for_null, to_array,
};

/// The rows where every given column is non-null (`None`: all rows).
fn all_valid(arrays: &[&Float64Array]) -> Option<NullBuffer> {
    arrays
        .iter()
        .fold(None, |acc, a| NullBuffer::union(acc.as_ref(), a.nulls()))
}

// ---------------------------------------------------------------------------------------------
// Trust equation

/// `trust_quotient(c, r, i, s [, scale_min, scale_max])` and `trust_level(…)`: the trust equation
/// `(C + R + I) / S` and its level in `[0, 1]` (trustkit_equation::Columns). A row with a NULL
/// component is NULL; a score off the scale is an error naming it.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct TrustEquationUdf {
    name: &'static str,
    level: bool,
    signature: Signature,
}

impl TrustEquationUdf {
    pub(crate) fn new(level: bool) -> Self {
        let f64s = |n| TypeSignature::Uniform(n, vec![DataType::Float64]);
        Self {
            name: if level {
                "trust_level"
            } else {
                "trust_quotient"
            },
            level,
            signature: Signature::one_of(vec![f64s(4), f64s(6)], Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for TrustEquationUdf {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let scale = match args.args.get(4..6) {
            Some([min, max]) => {
                let (min, max) = (scalar_f64(self.name, min)?, scalar_f64(self.name, max)?);
                Scale::new(min, max).map_err(|e| domain_error(self.name, e))?
            }
            _ => Scale::DEFAULT,
        };
        let cols = args.args[..4]
            .iter()
            .map(|a| float64(self.name, &to_array(a, rows)?))
            .collect::<Result<Vec<_>>>()?;
        let refs: Vec<&Float64Array> = cols.iter().map(Arc::as_ref).collect();
        let nulls = all_valid(&refs);
        // A NULL row is scored on the scale's lowest value (always valid), then masked out; with
        // no NULLs the kernel reads the columns' own buffers.
        let [c, r, i, s] =
            [0, 1, 2, 3].map(|k| filled(refs[k].values(), nulls.as_ref(), scale.min()));
        let columns = Columns::new(&c, &r, &i, &s).map_err(|e| domain_error(self.name, e))?;
        let mut out = vec![0.0; rows];
        if self.level {
            columns.levels_into(scale, &mut out)
        } else {
            columns.quotients_into(scale, &mut out)
        }
        .map_err(|e| domain_error(self.name, e))?;
        Ok(ColumnarValue::Array(Arc::new(Float64Array::new(
            out.into(),
            nulls,
        ))))
    }
}

fn scalar_f64(function: &str, arg: &ColumnarValue) -> Result<f64> {
    match arg {
        ColumnarValue::Scalar(v) => match v.cast_to(&DataType::Float64)? {
            datafusion::common::ScalarValue::Float64(Some(x)) => Ok(x),
            _ => Err(domain_error(function, "the scale bounds must not be NULL")),
        },
        ColumnarValue::Array(_) => Err(domain_error(
            function,
            "the scale bounds must be literals (one scale per call)",
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Health

/// `health_score('scorecard', metric, …)` and `health_colour('scorecard', metric, …)`: a registered
/// scorecard over its metric columns, in the scorecard's order (trustkit_loyalty::Scorecard::
/// score_columns). NULL is a missing value; a row with every metric NULL is NULL when the
/// scorecard's missing-value policy leaves nothing to score.
#[derive(Debug)]
pub(crate) struct HealthUdf {
    name: &'static str,
    colour: bool,
    cards: Arc<BTreeMap<String, Scorecard>>,
    signature: Signature,
}

impl HealthUdf {
    pub(crate) fn new(colour: bool, cards: Arc<BTreeMap<String, Scorecard>>) -> Self {
        Self {
            name: if colour {
                "health_colour"
            } else {
                "health_score"
            },
            colour,
            cards,
            signature: Signature::variadic_any(Volatility::Immutable),
        }
    }
}

function_identity!(HealthUdf, |f| f.name, |a, b| {
    a.name == b.name && Arc::ptr_eq(&a.cards, &b.cards)
});

impl ScalarUDFImpl for HealthUdf {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(if self.colour {
            DataType::Utf8
        } else {
            DataType::Float64
        })
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let Some((card_arg, metric_args)) = args.args.split_first() else {
            return Err(domain_error(self.name, "name a scorecard first"));
        };
        let card_name = literal_text(self.name, card_arg, "scorecard")?;
        let card = self.cards.get(&card_name).ok_or_else(|| {
            let known: Vec<&str> = self.cards.keys().map(String::as_str).collect();
            domain_error(
                self.name,
                format!("no scorecard named {card_name:?} is registered (known: {known:?})"),
            )
        })?;
        if metric_args.len() != card.metrics().len() {
            let ids: Vec<&str> = card.metrics().iter().map(|m| m.id.as_str()).collect();
            return Err(domain_error(
                self.name,
                format!(
                    "scorecard {card_name:?} takes {} metric columns, in this order: {ids:?}; got {}",
                    ids.len(),
                    metric_args.len()
                ),
            ));
        }
        let arrays = metric_args
            .iter()
            .map(|a| float64(self.name, &to_array(a, rows)?))
            .collect::<Result<Vec<_>>>()?;
        let mut columns: Vec<std::borrow::Cow<'_, [f64]>> =
            arrays.iter().map(|a| nan_for_null(a)).collect();
        let empty: Vec<usize> = (0..rows)
            .filter(|&k| columns.iter().all(|c| c[k].is_nan()))
            .collect();
        // Rows with nothing at all: score them as the library scores an account with no values
        // (a number under a penalising policy, an error — so NULL — when the weights renormalise),
        // and give the kernel a stand-in value there so the other rows are scored in one pass.
        let empty_row = if empty.is_empty() {
            None
        } else {
            let nothing: Vec<[f64; 1]> = vec![[f64::NAN]; columns.len()];
            let refs: Vec<&[f64]> = nothing.iter().map(|c| &c[..]).collect();
            let (mut s, mut c) = ([0.0], [0u8]);
            let scored = card.score_columns(&refs, &mut s, &mut c).is_ok();
            if let Some(first) = columns.first_mut() {
                let first = first.to_mut();
                for &k in &empty {
                    first[k] = 0.0;
                }
            }
            Some(scored.then_some((s[0], c[0])))
        };
        let refs: Vec<&[f64]> = columns.iter().map(AsRef::as_ref).collect();
        let (mut scores, mut colours) = (vec![0.0; rows], vec![0u8; rows]);
        card.score_columns(&refs, &mut scores, &mut colours)
            .map_err(|e| domain_error(self.name, e))?;
        let mut valid = vec![true; rows];
        if let Some(empty_row) = empty_row {
            for &k in &empty {
                match empty_row {
                    Some((s, c)) => (scores[k], colours[k]) = (s, c),
                    None => valid[k] = false,
                }
            }
        }
        let nulls = valid.iter().any(|v| !v).then(|| NullBuffer::from(valid));
        let array: ArrayRef = if self.colour {
            let names = colours.iter().enumerate().map(|(k, &c)| {
                nulls
                    .as_ref()
                    .is_none_or(|n| n.is_valid(k))
                    .then(|| Colour::ALL.get(usize::from(c)).map(|c| c.name()))
                    .flatten()
            });
            Arc::new(names.collect::<StringArray>())
        } else {
            Arc::new(Float64Array::new(scores.into(), nulls))
        };
        Ok(ColumnarValue::Array(array))
    }
}

// ---------------------------------------------------------------------------------------------
// Churn and renewal models

/// `churn_probability('model', feature, …)`: a registered, fitted churn model
/// (trustkit_loyalty::ChurnModel::predict) over its feature columns, in the model's order. A row
/// with a NULL feature is NULL.
#[derive(Debug)]
pub(crate) struct ChurnUdf {
    models: Arc<BTreeMap<String, ChurnModel>>,
    signature: Signature,
}

impl ChurnUdf {
    pub(crate) fn new(models: Arc<BTreeMap<String, ChurnModel>>) -> Self {
        Self {
            models,
            signature: Signature::variadic_any(Volatility::Immutable),
        }
    }
}

function_identity!(ChurnUdf, |_f| "churn_probability", |a, b| Arc::ptr_eq(
    &a.models, &b.models
));

impl ScalarUDFImpl for ChurnUdf {
    fn name(&self) -> &str {
        "churn_probability"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        const NAME: &str = "churn_probability";
        let rows = args.number_rows;
        let Some((model_arg, feature_args)) = args.args.split_first() else {
            return Err(domain_error(NAME, "name a model first"));
        };
        let model_name = literal_text(NAME, model_arg, "model")?;
        let model = self.models.get(&model_name).ok_or_else(|| {
            let known: Vec<&str> = self.models.keys().map(String::as_str).collect();
            domain_error(
                NAME,
                format!("no churn model named {model_name:?} is registered (known: {known:?})"),
            )
        })?;
        if feature_args.len() != model.features.len() {
            return Err(domain_error(
                NAME,
                format!(
                    "model {model_name:?} takes {} feature columns, in this order: {:?}; got {}",
                    model.features.len(),
                    model.features,
                    feature_args.len()
                ),
            ));
        }
        let arrays = feature_args
            .iter()
            .map(|a| float64(NAME, &to_array(a, rows)?))
            .collect::<Result<Vec<_>>>()?;
        let refs: Vec<&Float64Array> = arrays.iter().map(Arc::as_ref).collect();
        let nulls = all_valid(&refs);
        let mut row = vec![0.0; refs.len()];
        let mut out = vec![0.0; rows];
        for (k, slot) in out.iter_mut().enumerate() {
            if nulls.as_ref().is_some_and(|n| n.is_null(k)) {
                continue;
            }
            for (x, a) in row.iter_mut().zip(&refs) {
                *x = a.value(k);
            }
            *slot = model
                .predict(&row)
                .map_err(|e| domain_error(NAME, e))?
                .value();
        }
        Ok(ColumnarValue::Array(Arc::new(Float64Array::new(
            out.into(),
            nulls,
        ))))
    }
}

/// The argument order of `renewal_probability`.
pub const RENEWAL_ARGUMENTS: [&str; 11] = [
    "trust",
    "commitment",
    "health",
    "health_trend",
    "nps",
    "betrayal",
    "product_value",
    "alternatives",
    "switching_cost",
    "respect",
    "tenure_years",
];

/// `renewal_probability(trust, commitment [, health, health_trend, nps, betrayal, product_value,
/// alternatives, switching_cost, respect, tenure_years])`: the renewal model
/// (trustkit_loyalty::RenewalLogit::estimate, the built-in prior or a calibrated model) over the
/// inputs a diagnosis knows. Trailing arguments may be left out and any but the first two may be
/// NULL: a missing input sits at its neutral reference, as in the library. A NULL trust or
/// commitment gives NULL.
#[derive(Debug)]
pub(crate) struct RenewalUdf {
    model: RenewalLogit,
    signature: Signature,
}

impl RenewalUdf {
    pub(crate) fn new(model: RenewalLogit) -> Self {
        Self {
            model,
            signature: Signature::one_of(
                (2..=RENEWAL_ARGUMENTS.len())
                    .map(TypeSignature::Any)
                    .collect(),
                Volatility::Immutable,
            ),
        }
    }
}

function_identity!(RenewalUdf, |_f| "renewal_probability", |a, b| a.model
    == b.model);

impl ScalarUDFImpl for RenewalUdf {
    fn name(&self) -> &str {
        "renewal_probability"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }
    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        const NAME: &str = "renewal_probability";
        let rows = args.number_rows;
        let array = |k: usize| -> Result<Option<ArrayRef>> {
            args.args.get(k).map(|a| to_array(a, rows)).transpose()
        };
        let number = |k: usize| -> Result<Option<Arc<Float64Array>>> {
            array(k)?.map(|a| float64(NAME, &a)).transpose()
        };
        let text = |k: usize| -> Result<Option<ArrayRef>> {
            array(k)?
                .map(|a| Ok(datafusion::arrow::compute::cast(&a, &DataType::Utf8)?))
                .transpose()
        };
        let trust = number(0)?;
        let commitment = text(1)?;
        let (health, trend, nps) = (number(2)?, text(3)?, number(4)?);
        let (betrayal, value, alternatives) = (number(5)?, number(6)?, number(7)?);
        let (switching, respect, tenure) = (number(8)?, number(9)?, number(10)?);
        let get = |a: &Option<Arc<Float64Array>>, k: usize| {
            a.as_ref().and_then(|a| a.is_valid(k).then(|| a.value(k)))
        };
        let get_text = |a: &Option<ArrayRef>, k: usize| -> Option<String> {
            let a = a.as_ref()?;
            let s = a.as_any().downcast_ref::<StringArray>()?;
            s.is_valid(k).then(|| s.value(k).to_owned())
        };
        let unit = |what: &str, v: Option<f64>| -> Result<Option<UnitInterval>> {
            v.map(|v| UnitInterval::new(v).map_err(|e| domain_error(NAME, format!("{what}: {e}"))))
                .transpose()
        };
        let mut out = vec![0.0; rows];
        let mut valid = vec![true; rows];
        for k in 0..rows {
            let (Some(t), Some(c)) = (get(&trust, k), get_text(&commitment, k)) else {
                valid[k] = false;
                continue;
            };
            let inputs = RenewalInputs {
                trust: TrustLevel::new(t).map_err(|e| domain_error(NAME, format!("trust: {e}")))?,
                commitment: Commitment::from_str(&c).map_err(|e| domain_error(NAME, e))?,
                health: get(&health, k),
                health_trend: get_text(&trend, k)
                    .map(|t| Trend::from_str(&t))
                    .transpose()
                    .map_err(|e| domain_error(NAME, e))?,
                nps: get(&nps, k),
                betrayal: unit("betrayal", get(&betrayal, k))?,
                product_value: unit("product_value", get(&value, k))?,
                alternatives: unit("alternatives", get(&alternatives, k))?,
                switching_cost: unit("switching_cost", get(&switching, k))?,
                respect: unit("respect", get(&respect, k))?,
                tenure_years: get(&tenure, k),
            };
            out[k] = self
                .model
                .estimate(&inputs)
                .map_err(|e| domain_error(NAME, e))?
                .probability
                .value();
        }
        let nulls = valid.iter().any(|v| !v).then(|| NullBuffer::from(valid));
        Ok(ColumnarValue::Array(Arc::new(Float64Array::new(
            out.into(),
            nulls,
        ))))
    }
}
