//! `gatehouse keys ...`: arguments to `services::keys`, results to text or JSON.

use gatehouse_server::config::Config;
use gatehouse_server::services::keys;
use serde_json::{json, Value};

use super::{open, operator, print_json};
use crate::cli::KeysCommand;

/// Runs a `gatehouse keys ...` command.
pub fn run(cmd: KeysCommand, config: &Config) -> anyhow::Result<()> {
    let db = open(config)?;
    let op = operator(&db, config);
    match cmd {
        KeysCommand::Rotate {
            algs,
            json,
            at_once,
        } => {
            let done = keys::rotate(&op, &algs, at_once)?;
            let from = gatehouse_core::instant::format_rfc3339(done.activates_at);
            if json.json {
                print_json(
                    &json!({ "created": done.created, "activates_at": done.activates_at, "retired": done.retired, "pruned": done.pruned }),
                );
            } else {
                for kid in &done.created {
                    out!("created {kid} (published now, signs from {from})");
                }
                for kid in &done.retired {
                    out!(
                        "retired {kid} (published for {})",
                        gatehouse_core::duration::format_duration(config.key_grace.as_secs())
                    );
                }
                for kid in &done.pruned {
                    out!("deleted {kid}");
                }
                out!(
                    "running servers load the new keys within {}s (at once on SIGHUP)",
                    gatehouse_server::keyring::KEY_RELOAD_SECS
                );
            }
            Ok(())
        }
        KeysCommand::List(j) => {
            let rows: Vec<Value> = keys::list(&op)?
                .iter()
                .map(|k| {
                    json!({
                        "kid": k.kid,
                        "alg": k.alg,
                        "state": k.state.as_str(),
                        "created_at": k.created_at,
                        "activates_at": k.activates_at,
                        "retired_at": k.retired_at,
                        "expires_at": k.expires_at,
                    })
                })
                .collect();
            if j.json {
                print_json(&Value::Array(rows));
            } else if rows.is_empty() {
                out!("no keys yet (they are created when the server first starts)");
            } else {
                for r in &rows {
                    out!(
                        "{}  {:<5}  {}",
                        r["kid"].as_str().unwrap_or(""),
                        r["alg"].as_str().unwrap_or(""),
                        r["state"].as_str().unwrap_or("")
                    );
                }
            }
            Ok(())
        }
    }
}
