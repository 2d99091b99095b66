//! Parquet files read as tables of text cells, so the CSV importers' parsing, checks and errors
//! apply unchanged: a number column gives numbers, a timestamp column RFC 3339 times.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use crate::Error;
use crate::csvio::{Row, Table, Typed, csv_error, index_columns};

/// A Parquet file opened for reading row by row.
pub(crate) struct ParquetFile {
    reader: ParquetRecordBatchReader,
    columns: HashMap<String, usize>,
    headers: Vec<String>,
}

/// Rows per batch: enough to amortise decoding, small enough to keep memory flat.
const BATCH: usize = 8192;

impl ParquetFile {
    /// Opens a file and checks its columns as [`crate::csvio::CsvFile::open`] does.
    pub(crate) fn open(file: std::fs::File, required: &[&str]) -> Result<Self, Error> {
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|e| csv_error(1, "file", format!("not a readable Parquet file: {e}")))?;
        let headers: Vec<String> = builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().trim().to_owned())
            .collect();
        for f in builder.schema().fields() {
            if !readable(f.data_type()) {
                return Err(csv_error(
                    1,
                    f.name(),
                    format!(
                        "a Parquet column of type {} cannot be read; use text, integer, floating-point, boolean, date or timestamp columns",
                        f.data_type()
                    ),
                ));
            }
        }
        let columns = index_columns(&headers, required)?;
        let reader = builder
            .with_batch_size(BATCH)
            .build()
            .map_err(|e| csv_error(1, "file", format!("not a readable Parquet file: {e}")))?;
        Ok(Self {
            reader,
            columns,
            headers,
        })
    }
}

fn readable(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Utf8
            | DataType::LargeUtf8
            | DataType::Utf8View
            | DataType::Boolean
            | DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64
            | DataType::Float32
            | DataType::Float64
            | DataType::Date32
            | DataType::Date64
            | DataType::Timestamp(_, _)
            | DataType::Null
    )
}

/// A timestamp as UTC (a zone-less timestamp is taken as UTC, as the CSV reader does).
fn timestamp(value: i64, unit: TimeUnit) -> Option<chrono::DateTime<chrono::Utc>> {
    match unit {
        TimeUnit::Second => chrono::DateTime::from_timestamp(value, 0),
        TimeUnit::Millisecond => chrono::DateTime::from_timestamp_millis(value),
        TimeUnit::Microsecond => chrono::DateTime::from_timestamp_micros(value),
        TimeUnit::Nanosecond => Some(chrono::DateTime::from_timestamp_nanos(value)),
    }
}

/// One cell: text written into `out` for text and boolean columns; numbers and times typed, so
/// they are never formatted and parsed back.
fn cell(array: &dyn Array, row: usize, out: &mut String) -> Typed {
    use std::fmt::Write as _;
    if array.is_null(row) {
        return Typed::Text;
    }
    macro_rules! num {
        ($t:ty) => {
            Typed::Number(array.as_primitive::<$t>().value(row) as f64)
        };
    }
    match array.data_type() {
        DataType::Utf8 => out.push_str(array.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => out.push_str(array.as_string::<i64>().value(row)),
        DataType::Utf8View => out.push_str(array.as_string_view().value(row)),
        DataType::Boolean => {
            let _ = write!(out, "{}", array.as_boolean().value(row));
        }
        DataType::Int8 => return num!(Int8Type),
        DataType::Int16 => return num!(Int16Type),
        DataType::Int32 => return num!(Int32Type),
        DataType::Int64 => return num!(Int64Type),
        DataType::UInt8 => return num!(UInt8Type),
        DataType::UInt16 => return num!(UInt16Type),
        DataType::UInt32 => return num!(UInt32Type),
        DataType::UInt64 => return num!(UInt64Type),
        DataType::Float32 => {
            return Typed::Number(f64::from(array.as_primitive::<Float32Type>().value(row)));
        }
        DataType::Float64 => return num!(Float64Type),
        DataType::Date32 => {
            let days = array.as_primitive::<Date32Type>().value(row);
            return chrono::DateTime::from_timestamp(i64::from(days) * 86_400, 0)
                .map_or(Typed::Text, Typed::Time);
        }
        DataType::Date64 => {
            let ms = array.as_primitive::<Date64Type>().value(row);
            return chrono::DateTime::from_timestamp_millis(ms).map_or(Typed::Text, Typed::Time);
        }
        DataType::Timestamp(unit, _) => {
            let v = match unit {
                TimeUnit::Second => array.as_primitive::<TimestampSecondType>().value(row),
                TimeUnit::Millisecond => {
                    array.as_primitive::<TimestampMillisecondType>().value(row)
                }
                TimeUnit::Microsecond => {
                    array.as_primitive::<TimestampMicrosecondType>().value(row)
                }
                TimeUnit::Nanosecond => array.as_primitive::<TimestampNanosecondType>().value(row),
            };
            return timestamp(v, *unit).map_or(Typed::Text, Typed::Time);
        }
        // Checked when the file was opened.
        _ => {}
    }
    Typed::Text
}

impl Table for ParquetFile {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn for_each(
        self,
        mut row: impl FnMut(u64, &Row<'_>) -> Result<(), Error>,
    ) -> (usize, Vec<Error>) {
        let (mut rows, mut errors) = (0usize, Vec::new());
        let mut record = csv::StringRecord::new();
        let mut typed: Vec<Typed> = Vec::with_capacity(self.headers.len());
        let mut text = String::new();
        for batch in self.reader {
            let batch: RecordBatch = match batch {
                Ok(b) => b,
                Err(e) => {
                    errors.push(csv_error(
                        rows as u64 + 2,
                        "row",
                        format!("the Parquet file could not be read past here: {e}"),
                    ));
                    break;
                }
            };
            for r in 0..batch.num_rows() {
                // One record, reused: no allocation per row once it has grown.
                record.clear();
                typed.clear();
                for c in batch.columns() {
                    text.clear();
                    typed.push(cell(c.as_ref(), r, &mut text));
                    record.push_field(text.trim());
                }
                rows += 1;
                // Row n of the file is "line" n + 1, as if it had a header line like a CSV.
                let view = Row {
                    columns: &self.columns,
                    headers: &self.headers,
                    record: &record,
                    typed: &typed,
                };
                if let Err(e) = row(rows as u64 + 1, &view) {
                    errors.push(e);
                }
            }
        }
        (rows, errors)
    }
}
