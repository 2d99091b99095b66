//! Distributed for real: a Ballista cluster (scheduler and executor in this process, talking gRPC
//! over localhost) runs the lake's diagnosis over Parquet tables split into several files, and
//! every column equals the single-process answer bit for bit.
//!
//! `cargo test -p trustkit-datafusion --features ballista --test ballista`
#![cfg(feature = "ballista")]
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::path::Path;

use ballista::prelude::{SessionConfigExt, SessionContextExt};
use datafusion::arrow::array::{AsArray, Float64Array, RecordBatch};
use datafusion::arrow::compute::{cast, concat_batches};
use datafusion::arrow::datatypes::Float64Type;
use datafusion::common::Result;
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use trustkit_datafusion::TrustkitFunctions;

#[path = "../examples/common/lake.rs"]
mod lake;

/// Files per table: each table is split so the cluster reads it as several partitions.
const FILES: usize = 4;

/// Writes the seeded lake under `dir`, each table as [`FILES`] Parquet files.
async fn write_lake(dir: &Path) -> Result<()> {
    let ctx = SessionContext::new();
    for (name, table) in lake::generate(240, 12)? {
        // Consecutive slices, so an account's rows may straddle two files.
        let per_file = table.num_rows().div_ceil(FILES);
        for file in 0..FILES {
            let start = (file * per_file).min(table.num_rows());
            let rows = per_file.min(table.num_rows() - start);
            let path = dir.join(name).join(format!("part-{file}.parquet"));
            ctx.read_batch(table.slice(start, rows))?
                .write_parquet(
                    &path.to_string_lossy(),
                    DataFrameWriteOptions::new().with_single_file_output(true),
                    None,
                )
                .await?;
        }
    }
    Ok(())
}

async fn register_lake(ctx: &SessionContext, dir: &Path) -> Result<()> {
    for name in ["accounts", "experiences", "responses", "nps"] {
        ctx.register_parquet(
            name,
            dir.join(name).to_string_lossy().as_ref(),
            ParquetReadOptions::default(),
        )
        .await?;
    }
    Ok(())
}

async fn run(ctx: &SessionContext, sql: &str) -> Result<RecordBatch> {
    let batches = ctx.sql(sql).await?.collect().await?;
    let schema = batches.first().map(RecordBatch::schema).unwrap();
    Ok(concat_batches(&schema, &batches)?)
}

/// The diagnosis, ordered so both engines list accounts the same way.
fn ordered_diagnosis() -> String {
    format!("SELECT * FROM ({}) ORDER BY account", lake::diagnosis_sql())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ballista_cluster_gives_the_single_process_numbers() -> Result<()> {
    let dir = std::env::temp_dir().join(format!("trustkit-ballista-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    write_lake(&dir).await?;
    for name in ["accounts", "experiences", "responses", "nps"] {
        let files = std::fs::read_dir(dir.join(name))?.count();
        assert_eq!(files, FILES, "{name} should be split into {FILES} files");
    }
    let functions = TrustkitFunctions::new();

    // One process, four partitions.
    let local = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(FILES));
    functions.register(&local);
    register_lake(&local, &dir).await?;
    let expected = run(&local, &ordered_diagnosis()).await?;

    // The cluster: the scheduler and the executor are built from this state, so both know the
    // functions by name when the plan reaches them as protobuf.
    let mut state = SessionStateBuilder::new()
        .with_default_features()
        .with_config(SessionConfig::new_with_ballista().with_target_partitions(FILES))
        .build();
    functions.register_state(&mut state)?;
    let cluster = SessionContext::standalone_with_state(state).await?;
    // The client's own state is rebuilt with Ballista's built-in function list, so the client,
    // which parses the SQL, registers them too.
    functions.register(&cluster);
    register_lake(&cluster, &dir).await?;

    // The query really goes to the cluster, not to a local plan.
    let plan = cluster
        .sql(&ordered_diagnosis())
        .await?
        .create_physical_plan()
        .await?;
    assert_eq!(plan.name(), "DistributedQueryExec");

    let distributed = run(&cluster, &ordered_diagnosis()).await?;
    assert_eq!(distributed.num_rows(), 240);
    let names = |b: &RecordBatch| {
        b.schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&distributed), names(&expected));
    for (k, field) in expected.schema().fields().iter().enumerate() {
        // Ballista reads strings as Utf8 where one process reads Utf8View: same values.
        let got = cast(distributed.column(k), field.data_type())?;
        let (got, want) = (&got, expected.column(k));
        assert_eq!(got.to_data(), want.to_data(), "column {}", field.name());
        // Arrow compares floats by value; the bits must match too.
        if let (Some(got), Some(want)) = (
            got.as_primitive_opt::<Float64Type>(),
            want.as_primitive_opt::<Float64Type>(),
        ) {
            let bits = |a: &Float64Array| a.iter().map(|v| v.map(f64::to_bits)).collect::<Vec<_>>();
            assert_eq!(bits(got), bits(want), "column {}", field.name());
        }
    }
    // Every function produced real values on the cluster, not a column of NULLs.
    for column in [
        "trust",
        "assessed_trust",
        "health",
        "colour",
        "nps",
        "renewal",
    ] {
        let nulls = distributed.column_by_name(column).unwrap().null_count();
        assert!(nulls < 240, "{column} is all NULL");
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
