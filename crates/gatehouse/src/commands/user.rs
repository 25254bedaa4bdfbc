//! `gatehouse user ...`: arguments to `services::users` (and `services::sso`), results to
//! text or JSON, e-mail delivered now.

use anyhow::anyhow;
use gatehouse_core::user::User;
use gatehouse_server::config::Config;
use gatehouse_server::mail::{Mail, Mailer};
use gatehouse_server::services::users::{self, IssuedLink, NewUserInput};
use gatehouse_server::services::Operator;
use serde_json::{json, Value};

use super::{open, operator, print_json};
use crate::cli::{UserCommand, UserCreate};

/// Runs a `gatehouse user ...` command.
pub fn run(cmd: UserCommand, config: &Config) -> anyhow::Result<()> {
    let db = open(config)?;
    let op = operator(&db, config);
    match cmd {
        UserCommand::Create(args) => create(&op, args),
        UserCommand::List(j) => {
            let users = users::list(&op)?;
            if j.json {
                print_json(&Value::Array(users.iter().map(describe).collect()));
            } else if users.is_empty() {
                out!("no users");
            } else {
                for u in &users {
                    out!("{}", line(u));
                }
            }
            Ok(())
        }
        UserCommand::Show { emails, json } => {
            let users = users::show(&op, &emails)?;
            if json.json {
                let mut values: Vec<Value> = users.iter().map(describe).collect();
                print_json(&if values.len() == 1 {
                    values.remove(0)
                } else {
                    Value::Array(values)
                });
            } else {
                for u in &users {
                    out!("{}", line(u));
                }
            }
            Ok(())
        }
        UserCommand::Disable { emails, json } => {
            report(json.json, "disabled", &users::disable(&op, &emails)?);
            Ok(())
        }
        UserCommand::Enable { emails, json } => {
            report(json.json, "enabled", &users::enable(&op, &emails)?);
            Ok(())
        }
        UserCommand::ResendInvite { emails, json } => {
            let sent = deliver_links(config, users::resend_invite(&op, &emails)?)?;
            report(json.json, "invited", &sent);
            Ok(())
        }
        UserCommand::ResetPassword { emails, json } => {
            let sent = deliver_links(config, users::reset_password(&op, &emails)?)?;
            report(json.json, "reset_sent", &sent);
            Ok(())
        }
        UserCommand::ExpirePassword { emails, json } => {
            report(json.json, "expired", &users::expire_password(&op, &emails)?);
            Ok(())
        }
        UserCommand::RequireMfa {
            method,
            emails,
            json,
        } => {
            let passkey = method == "passkey";
            report(
                json.json,
                if passkey {
                    "passkey_required"
                } else {
                    "mfa_required"
                },
                &users::require_mfa(&op, &emails, passkey)?,
            );
            Ok(())
        }
        UserCommand::UnrequireMfa { emails, json } => {
            report(
                json.json,
                "mfa_not_required",
                &users::unrequire_mfa(&op, &emails)?,
            );
            Ok(())
        }
        UserCommand::ResetMfa { emails, json } => {
            report(json.json, "mfa_reset", &users::reset_mfa(&op, &emails)?);
            Ok(())
        }
        UserCommand::Unlock { emails, json } => {
            report(json.json, "unlocked", &users::unlock(&op, &emails)?);
            Ok(())
        }
        UserCommand::ConfirmPhone { emails, json } => {
            report(
                json.json,
                "phone confirmed for",
                &users::confirm_phone(&op, &emails)?,
            );
            Ok(())
        }
        UserCommand::SetSso {
            emails,
            upstream,
            mode,
            json,
        } => super::sso::set_sso(&op, &emails, &upstream, &mode, json.json),
        UserCommand::Links { email, json } => super::sso::links(&op, &email, json.json),
        UserCommand::Unlink {
            email,
            upstream,
            json,
        } => super::sso::unlink(&op, &email, &upstream, json.json),
        UserCommand::Delete { emails, json } => {
            report(json.json, "deleted", &users::delete(&op, &emails)?);
            Ok(())
        }
    }
}

/// `{"<word>": [emails]}`, or one line per user: `<word with spaces> <email>`.
fn report(as_json: bool, word: &str, users: &[User]) {
    if as_json {
        print_json(&json!({ word: users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>() }));
    } else {
        for u in users {
            out!("{} {}", word.replace('_', " "), u.email);
        }
    }
}

/// Delivers each link's e-mail now; the first failure stops the command.
fn deliver_links(config: &Config, issued: Vec<IssuedLink>) -> anyhow::Result<Vec<User>> {
    let mut users = Vec::with_capacity(issued.len());
    for IssuedLink { user, mail } in issued {
        deliver(config, mail)?;
        users.push(user);
    }
    Ok(users)
}

/// Delivers one message now.
fn deliver(config: &Config, mail: Mail) -> anyhow::Result<()> {
    let to = mail.to.clone();
    // The SMTP transport needs a runtime; the CLI makes a small one for the delivery.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime
        .block_on(async {
            Mailer::new(config.smtp_url.as_deref(), &config.mail_from)?
                .send(mail)
                .await
        })
        .map_err(|e| anyhow!("the link was created but the e-mail to {to} failed: {e}"))
}

fn create(op: &Operator<'_>, args: UserCreate) -> anyhow::Result<()> {
    let as_json = args.json.json;
    let created = users::create(
        op,
        NewUserInput {
            email: args.email,
            username: args.username,
            name: args.name,
            phone: args.phone,
            password: args.password,
            email_verified: args.email_verified,
            admin: args.admin,
        },
    )?;
    let user = created.user;
    // The user exists either way; no invitation is a warning (resend with resend-invite).
    if let Some(e) = &created.invitation_error {
        eprintln!(
            "warning: {e}; run `gatehouse user resend-invite {}`",
            user.email
        );
    }
    let mut invited = false;
    for mail in created.mails {
        match deliver(op.config, mail) {
            Ok(()) => invited = true,
            Err(e) => eprintln!(
                "warning: {e:#}; run `gatehouse user resend-invite {}`",
                user.email
            ),
        }
    }
    if as_json {
        let mut v = describe(&user);
        v["invitation_sent"] = json!(invited);
        print_json(&v);
    } else {
        out!("created {}", line(&user));
        if invited {
            out!("(an activation e-mail was sent to {})", user.email);
        }
    }
    Ok(())
}

fn describe(u: &User) -> Value {
    json!({
        "id": u.id,
        "email": u.email,
        "username": u.username,
        "name": u.name,
        "email_verified": u.email_verified,
        "phone": u.phone,
        "admin": u.is_admin,
        "disabled": u.disabled,
        "locked": u.locked_at.is_some(),
        "password_expired": u.password_expired,
        "mfa_required": u.mfa_required,
        "passkey_required": u.passkey_required,
        "has_password": u.password_hash.is_some(),
        "created_at": u.created_at,
    })
}

fn line(u: &User) -> String {
    let mut flags = Vec::new();
    if u.is_admin {
        flags.push("admin");
    }
    if u.disabled {
        flags.push("disabled");
    }
    format!(
        "{}  {}  {}{}",
        u.id,
        u.email,
        u.name.as_deref().unwrap_or("-"),
        if flags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", flags.join(", "))
        }
    )
}
