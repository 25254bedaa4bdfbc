//! `gatehouse user set-sso | links | unlink`: arguments to `services::sso`, results to text
//! or JSON.

use gatehouse_core::federation::SsoMode;
use gatehouse_server::services::{sso, Operator};
use serde_json::json;

use super::print_json;

/// `user set-sso`.
pub fn set_sso(
    op: &Operator<'_>,
    emails: &[String],
    upstream: &str,
    mode: &str,
    as_json: bool,
) -> anyhow::Result<()> {
    let mode = sso::parse_mode(mode)?;
    let users = sso::set_sso(op, emails, upstream, mode)?;
    let shown = mode.map_or("default", SsoMode::as_str);
    if as_json {
        print_json(&json!(users
            .iter()
            .map(|u| json!({ "email": u.email, "upstream": upstream, "mode": shown }))
            .collect::<Vec<_>>()));
    } else {
        for u in &users {
            out!("{} {upstream} {shown}", u.email);
        }
    }
    Ok(())
}

/// `user links`.
pub fn links(op: &Operator<'_>, email: &str, as_json: bool) -> anyhow::Result<()> {
    let (user, links) = sso::links(op, email)?;
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
        out!("{} has no linked identities", user.email);
    } else {
        for l in &links {
            out!(
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

/// `user unlink`.
pub fn unlink(op: &Operator<'_>, email: &str, upstream: &str, as_json: bool) -> anyhow::Result<()> {
    let user = sso::unlink(op, email, upstream)?;
    if as_json {
        print_json(&json!({ "unlinked": user.email, "upstream": upstream }));
    } else {
        out!("unlinked {} from {upstream}", user.email);
    }
    Ok(())
}
