//! trustkit's functions on an Apache Ballista cluster set up the way a deployment sets one up: a
//! scheduler and an executor, each built with the functions compiled in, and a client that sends
//! SQL to the scheduler. Here all three run in this program on localhost ports; on a real cluster
//! each `spawn` below is the `main` of its own binary (docs/sql.md, "On a Ballista cluster").
//!
//! `cargo run --release -p trustkit-datafusion --features ballista --example ballista_cluster -- [DIR] [ACCOUNTS]`
//!
//! Ports 50050 (scheduler), 50051 and 50052 (executor) must be free.

use std::sync::Arc;
use std::time::Duration;

use ballista::prelude::{SessionConfigExt, SessionContextExt};
use ballista_core::registry::BallistaFunctionRegistry;
use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};
use ballista_scheduler::cluster::BallistaCluster;
use ballista_scheduler::config::SchedulerConfig;
use ballista_scheduler::scheduler_process::start_server;
use datafusion::common::{DataFusionError, Result};
use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::execution::{SessionState, SessionStateBuilder};
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use trustkit_datafusion::TrustkitFunctions;

#[path = "common/lake.rs"]
mod lake;

const SCHEDULER_PORT: u16 = 50050;

/// A session state with DataFusion's functions and trustkit's: what the scheduler plans with and
/// what the executor runs tasks with.
fn state_with(functions: &TrustkitFunctions, config: SessionConfig) -> Result<SessionState> {
    let mut state = SessionStateBuilder::new()
        .with_default_features()
        .with_config(config)
        .build();
    functions.register_state(&mut state)?;
    Ok(state)
}

fn ballista(e: ballista_core::error::BallistaError) -> DataFusionError {
    DataFusionError::External(Box::new(e))
}

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir =
        std::path::PathBuf::from(args.next().unwrap_or_else(|| "target/ballista-lake".into()));
    let accounts = args.next().and_then(|s| s.parse().ok()).unwrap_or(1_000);
    // The same functions, with the same models and scorecards, on every node.
    let functions = TrustkitFunctions::new();

    // The scheduler binary: every session it opens is built with the functions.
    let for_scheduler = functions.clone();
    let config = SchedulerConfig::default().with_override_session_builder(Arc::new(
        move |config: SessionConfig| state_with(&for_scheduler, config),
    ));
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(ballista)?;
    let address = format!("127.0.0.1:{SCHEDULER_PORT}")
        .parse()
        .map_err(|e| DataFusionError::External(Box::new(e)))?;
    tokio::spawn(start_server(cluster, address, Arc::new(config)));

    // The executor binary: its function registry holds the functions, found by name when a task's
    // plan arrives as protobuf.
    let registry = BallistaFunctionRegistry::from(&state_with(&functions, SessionConfig::new())?);
    let executor = ExecutorProcessConfig {
        scheduler_port: SCHEDULER_PORT,
        // Keep trying while the scheduler above starts.
        scheduler_connect_timeout_seconds: 10,
        override_function_registry: Some(Arc::new(registry)),
        ..ExecutorProcessConfig::default()
    };
    tokio::spawn(start_executor_process(Arc::new(executor)));
    tokio::time::sleep(Duration::from_secs(1)).await;

    // The client: Ballista rebuilds its state with its own function list, so it registers the
    // functions again to parse SQL that names them.
    let client = state_with(&functions, SessionConfig::new_with_ballista())?;
    let ctx =
        SessionContext::remote_with_state(&format!("df://localhost:{SCHEDULER_PORT}"), client)
            .await?;
    functions.register(&ctx);

    // The lake: four tables in Parquet, as a data platform would hold them.
    let local = SessionContext::new();
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    for (name, table) in lake::generate(accounts, 20)? {
        let path = dir.join(name);
        local
            .read_batch(table)?
            .write_parquet(&path.to_string_lossy(), DataFrameWriteOptions::new(), None)
            .await?;
        ctx.register_parquet(
            name,
            path.to_string_lossy().as_ref(),
            ParquetReadOptions::default(),
        )
        .await?;
    }

    let diagnosis = ctx.sql(&lake::diagnosis_sql()).await?;
    println!(
        "plan runs as {}",
        diagnosis.clone().create_physical_plan().await?.name()
    );
    diagnosis
        .sort(vec![
            datafusion::prelude::col("revenue_at_risk").sort(false, true),
        ])?
        .limit(0, Some(5))?
        .show()
        .await?;
    Ok(())
}
