//! Reading function arguments: columns as `f64` with NULL as NaN, literal arguments, and errors in
//! DataFusion's vocabulary that keep trustkit's message.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Array};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::ColumnarValue;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::expressions::Literal;

/// A trustkit error as a DataFusion execution error, naming the SQL function it came from.
pub(crate) fn domain_error(function: &str, error: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("{function}: {error}"))
}

/// An argument as an array of `number_rows` values (a scalar is repeated).
pub(crate) fn to_array(arg: &ColumnarValue, number_rows: usize) -> Result<ArrayRef> {
    arg.to_array(number_rows)
}

/// A numeric column as `Float64Array` (integers and decimals are cast; NULL stays NULL).
pub(crate) fn float64(function: &str, array: &ArrayRef) -> Result<Arc<Float64Array>> {
    if !array.data_type().is_numeric() && array.data_type() != &DataType::Null {
        return Err(domain_error(
            function,
            format!("expected a numeric column, got {}", array.data_type()),
        ));
    }
    let cast = cast(array, &DataType::Float64)?;
    Ok(Arc::new(cast.as_primitive::<Float64Type>().clone()))
}

/// The values of a column with NULL read as NaN — the "missing" of the columnar kernels. No copy
/// when there is no NULL.
pub(crate) fn nan_for_null(array: &Float64Array) -> std::borrow::Cow<'_, [f64]> {
    filled(array.values(), array.nulls(), f64::NAN)
}

/// `values` with `fill` wherever `valid` says NULL; borrowed when nothing is NULL.
///
/// The values are copied whole and only the NULL slots are then overwritten, found 64 at a time
/// from the validity bits: NULLs are the rare case, and a per-row test of the bitmap cost more
/// than the scorecard it feeds (8 % of a health query's time over Parquet).
pub(crate) fn filled<'a>(
    values: &'a [f64],
    valid: Option<&NullBuffer>,
    fill: f64,
) -> std::borrow::Cow<'a, [f64]> {
    let Some(valid) = valid.filter(|v| v.null_count() > 0) else {
        return std::borrow::Cow::Borrowed(values);
    };
    let mut out = values.to_vec();
    // `iter_padded` pads the last word with zeros, i.e. "NULL" past the end: `get_mut` skips those.
    for (word, bits) in valid.inner().bit_chunks().iter_padded().enumerate() {
        let mut missing = !bits;
        while missing != 0 {
            if let Some(v) = out.get_mut(word * 64 + missing.trailing_zeros() as usize) {
                *v = fill;
            }
            missing &= missing - 1;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The text of a non-null string scalar.
fn text_of(value: &ScalarValue) -> Option<String> {
    match value {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Some(s.clone()),
        _ => None,
    }
}

/// A literal text argument (the name of a scorecard or model).
pub(crate) fn literal_text(function: &str, arg: &ColumnarValue, what: &str) -> Result<String> {
    let text = match arg {
        ColumnarValue::Scalar(value) => text_of(value),
        ColumnarValue::Array(_) => None,
    };
    text.ok_or_else(|| {
        domain_error(
            function,
            format!("the {what} must be a text literal, such as '{what}'"),
        )
    })
}

/// The value of a literal argument of an aggregate (its parameters are fixed per call).
pub(crate) fn literal_of(expr: &Arc<dyn PhysicalExpr>) -> Option<&ScalarValue> {
    expr.downcast_ref::<Literal>().map(Literal::value)
}

/// A literal number argument of an aggregate.
pub(crate) fn literal_f64(function: &str, expr: &Arc<dyn PhysicalExpr>, what: &str) -> Result<f64> {
    let value = literal_of(expr)
        .and_then(|v| v.cast_to(&DataType::Float64).ok())
        .and_then(|v| match v {
            ScalarValue::Float64(Some(x)) => Some(x),
            _ => None,
        });
    value.ok_or_else(|| domain_error(function, format!("the {what} must be a number literal")))
}

/// A literal text argument of an aggregate.
pub(crate) fn literal_str(
    function: &str,
    expr: &Arc<dyn PhysicalExpr>,
    what: &str,
) -> Result<String> {
    literal_of(expr)
        .and_then(text_of)
        .ok_or_else(|| domain_error(function, format!("the {what} must be a text literal")))
}

/// `PartialEq`, `Eq` and `Hash` for a function that holds a model: DataFusion compares functions,
/// and models hold floats, so the comparison is written out (`$same`) and the hash is the
/// function's name (`$name`; equal functions have the same name).
macro_rules! function_identity {
    ($type:ty, |$f:ident| $name:expr, |$a:ident, $b:ident| $same:expr) => {
        impl PartialEq for $type {
            fn eq(&self, other: &Self) -> bool {
                let ($a, $b) = (self, other);
                $same
            }
        }
        impl Eq for $type {}
        impl std::hash::Hash for $type {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                let $f = self;
                std::hash::Hash::hash($name, state);
            }
        }
    };
}
pub(crate) use function_identity;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// `filled` against the obvious per-row reading, on slices that start anywhere in a
        /// validity word and end anywhere in one (the padded last word must not spill).
        #[test]
        fn filled_matches_row_by_row(
            cells in proptest::collection::vec(proptest::option::weighted(0.8, -1e3..1e3f64), 0..300),
            start in 0usize..70,
            len in 0usize..230,
        ) {
            let array = Float64Array::from(cells);
            let start = start.min(array.len());
            let array = array.slice(start, len.min(array.len() - start));
            let expected: Vec<f64> = array.iter().map(|v| v.unwrap_or(-7.5)).collect();
            let got = filled(array.values(), array.nulls(), -7.5);
            prop_assert_eq!(got.as_ref(), expected.as_slice());
            let borrowed = matches!(got, std::borrow::Cow::Borrowed(_));
            prop_assert_eq!(borrowed, array.null_count() == 0);
        }
    }
}
