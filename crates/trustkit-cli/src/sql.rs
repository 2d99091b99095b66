//! `trustkit sql`: trustkit's functions in SQL over Parquet and CSV files, with Apache DataFusion.

use std::path::{Path, PathBuf};

use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::{CsvReadOptions, ParquetReadOptions, SessionContext};
use trustkit::datafusion::TrustkitFunctions;
use trustkit::portfolio::Calibration;

use crate::{CliResult, fail, fail_msg};

/// A `NAME=PATH` table on the command line.
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    path: PathBuf,
}

impl std::str::FromStr for Table {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (name, path) = s.split_once('=').ok_or_else(|| {
            format!("expected NAME=PATH (e.g. accounts=accounts.parquet), got {s:?}")
        })?;
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!(
                "a table name is letters, digits and underscores, got {name:?}"
            ));
        }
        Ok(Self {
            name: name.to_owned(),
            path: PathBuf::from(path),
        })
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

async fn register(ctx: &SessionContext, table: &Table) -> CliResult<()> {
    let path = table
        .path
        .to_str()
        .ok_or_else(|| fail_msg(&table.path, "the path is not valid UTF-8"))?;
    if !table.path.exists() {
        return Err(fail_msg(&table.path, "no such file or directory"));
    }
    let result = match extension(&table.path).as_str() {
        "csv" => {
            ctx.register_csv(&table.name, path, CsvReadOptions::new())
                .await
        }
        // A directory is read as a Parquet data set (every .parquet file in it).
        "parquet" | "" => {
            ctx.register_parquet(&table.name, path, ParquetReadOptions::default())
                .await
        }
        other => {
            return Err(fail_msg(
                &table.path,
                format!(
                    "cannot read .{other} files: name a .parquet or .csv file, or a directory of .parquet files"
                ),
            ));
        }
    };
    result.map_err(|e| fail(&table.path, e))
}

/// Runs `query` with the trustkit functions registered and the tables named; prints the result
/// as a table, or writes it to `output` (.parquet, .csv or .json).
pub fn run(
    query: &str,
    tables: &[Table],
    output: Option<&Path>,
    renewal_model: Option<&Path>,
) -> CliResult {
    let mut functions = TrustkitFunctions::new();
    if let Some(path) = renewal_model {
        let calibration =
            Calibration::from_json(&crate::read_file(path)?).map_err(|e| fail(path, e))?;
        functions = functions.with_renewal_model(calibration.fit.model);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the query runtime: {e}"))?;
    runtime.block_on(async {
        let ctx = SessionContext::new();
        functions.register(&ctx);
        for table in tables {
            register(&ctx, table).await?;
        }
        let df = ctx.sql(query).await.map_err(|e| anyhow::anyhow!("{e}"))?;
        match output {
            Some(path) => {
                let target = path
                    .to_str()
                    .ok_or_else(|| fail_msg(path, "the path is not valid UTF-8"))?;
                let options = DataFrameWriteOptions::new().with_single_file_output(true);
                let written = match extension(path).as_str() {
                    "parquet" => df.write_parquet(target, options, None).await,
                    "csv" => df.write_csv(target, options, None).await,
                    "json" => df.write_json(target, options, None).await,
                    other => {
                        return Err(fail_msg(
                            path,
                            format!("cannot write .{other}: use .parquet, .csv or .json"),
                        ));
                    }
                }
                .map_err(|e| fail(path, e))?;
                let rows: usize = written.iter().map(|b| b.num_rows()).sum();
                let count = written
                    .first()
                    .and_then(|b| {
                        b.column(0)
                            .as_any()
                            .downcast_ref::<datafusion::arrow::array::UInt64Array>()
                    })
                    .map_or(rows as u64, |c| c.value(0));
                Ok(format!("wrote {count} rows to {}\n", path.display()))
            }
            None => {
                let batches = df.collect().await.map_err(|e| anyhow::anyhow!("{e}"))?;
                let table = datafusion::arrow::util::pretty::pretty_format_batches(&batches)
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                Ok(format!("{table}\n"))
            }
        }
    })
}
