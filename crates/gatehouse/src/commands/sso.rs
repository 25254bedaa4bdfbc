//! `gatehouse user set-sso | links | unlink`: upstream sign-in per user.

use anyhow::{anyhow, bail};
use gatehouse_core::federation::{LinkRepo, SsoMode};
use gatehouse_core::StoreError;
use gatehouse_server::config::Config;
use serde_json::json;

use super::user::find_all;
use super::{audit, open, print_json};

pub fn set_sso(
    config: &Config,
    emails: &[String],
    upstream: &str,
    mode: &str,
    as_json: bool,
) -> anyhow::Result<()> {
    if !config.upstreams.iter().any(|u| u.adapter.id == upstream) {
        let known: Vec<&str> = config
            .upstreams
            .iter()
            .map(|u| u.adapter.id.as_str())
            .collect();
        if known.is_empty() {
            bail!("unknown upstream {upstream:?}: no [[upstream]] is configured");
        }
        bail!(
            "unknown upstream {upstream:?} (configured: {})",
            known.join(", ")
        );
    }
    // `default` clears the user's setting: the upstream's `sso_default` applies again.
    let mode = match mode {
        "default" => None,
        m => Some(
            SsoMode::parse(m)
                .ok_or_else(|| anyhow!("--mode must be off, allowed, only or default"))?,
        ),
    };
    let shown = mode.map_or("default", SsoMode::as_str);
    let db = open(config)?;
    let users = find_all(&db, emails)?;
    for u in &users {
        db.set_sso_mode(u.id.as_str(), upstream, mode)?;
        audit(
            &db,
            "user.set_sso",
            u.email.as_str(),
            json!({ "user_id": u.id, "upstream": upstream, "mode": shown }),
        )?;
    }
    if as_json {
        print_json(&json!(users
            .iter()
            .map(|u| json!({ "email": u.email, "upstream": upstream, "mode": shown }))
            .collect::<Vec<_>>()));
    } else {
        for u in &users {
            println!("{} {upstream} {shown}", u.email);
        }
    }
    Ok(())
}

pub fn links(config: &Config, email: &str, as_json: bool) -> anyhow::Result<()> {
    let db = open(config)?;
    let user = find_all(&db, &[email.to_string()])?.remove(0);
    let links = db.list_links(user.id.as_str())?;
    if as_json {
        print_json(&json!(links
            .iter()
            .map(|l| json!({
                "upstream": l.upstream_id,
                "issuer": l.issuer,
                "subject": l.subject,
                "email": l.email,
                "linked_at": l.linked_at,
                "last_login_at": l.last_login_at,
            }))
            .collect::<Vec<_>>()));
    } else if links.is_empty() {
        println!("{} has no linked identities", user.email);
    } else {
        for l in &links {
            println!(
                "{}\t{}\t{}\t{}",
                l.upstream_id,
                l.issuer,
                l.subject,
                l.email.as_deref().unwrap_or("-")
            );
        }
    }
    Ok(())
}

pub fn unlink(config: &Config, email: &str, upstream: &str, as_json: bool) -> anyhow::Result<()> {
    let db = open(config)?;
    let user = find_all(&db, &[email.to_string()])?.remove(0);
    match db.delete_link(user.id.as_str(), upstream) {
        Ok(()) => {}
        Err(StoreError::NotFound) => bail!("{} has no link to upstream {upstream:?}", user.email),
        Err(e) => return Err(e.into()),
    }
    audit(
        &db,
        "upstream.unlink",
        user.email.as_str(),
        json!({ "user_id": user.id, "upstream": upstream }),
    )?;
    if as_json {
        print_json(&json!({ "unlinked": user.email, "upstream": upstream }));
    } else {
        println!("unlinked {} from {upstream}", user.email);
    }
    Ok(())
}
