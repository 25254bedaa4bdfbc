//! `gatehouse user ...`

use anyhow::{anyhow, bail};
use gatehouse_core::account::tokens::{AccountRepo, ActionKind, RequestedBy};
use gatehouse_core::ids::uuid_v4;
use gatehouse_core::mfa::store::MfaRepo;
use gatehouse_core::oauth::grants::RefreshTokenRepo;
use gatehouse_core::password::hash_password;
use gatehouse_core::user::{
    normalize_username, validate_name, validate_phone, NewUser, User, UserRepo,
};
use gatehouse_core::{Email, StoreError, UserId};
use gatehouse_server::config::Config;
use gatehouse_server::mail::Mailer;
use gatehouse_server::{app::now, random};
use gatehouse_store::Database;
use serde_json::{json, Value};

use super::{audit, open, print_json};
use crate::cli::{UserCommand, UserCreate};

pub fn run(cmd: UserCommand, config: &Config) -> anyhow::Result<()> {
    match cmd {
        UserCommand::Create(args) => create(args, config),
        UserCommand::List(j) => {
            let db = open(config)?;
            let users = db.list_users()?;
            if j.json {
                print_json(&Value::Array(users.iter().map(describe).collect()));
            } else if users.is_empty() {
                println!("no users");
            } else {
                for u in &users {
                    println!("{}", line(u));
                }
            }
            Ok(())
        }
        UserCommand::Show { emails, json } => {
            let db = open(config)?;
            let users = find_all(&db, &emails)?;
            if json.json {
                let mut values: Vec<Value> = users.iter().map(describe).collect();
                print_json(&if values.len() == 1 {
                    values.remove(0)
                } else {
                    Value::Array(values)
                });
            } else {
                for u in &users {
                    println!("{}", line(u));
                }
            }
            Ok(())
        }
        UserCommand::Disable { emails, json } => set_disabled(config, &emails, true, json.json),
        UserCommand::Enable { emails, json } => set_disabled(config, &emails, false, json.json),
        UserCommand::ResendInvite { emails, json } => {
            let db = open(config)?;
            let users = find_all(&db, &emails)?;
            // An invitation sets the first password; an account that has one gets a reset
            // link instead (checked for all before any mail goes out).
            if let Some(u) = users.iter().find(|u| u.password_hash.is_some()) {
                bail!(
                    "{} already has a password: use `gatehouse user reset-password` instead",
                    u.email
                );
            }
            for u in &users {
                send_link(&db, config, u, ActionKind::Invite)?;
                audit(
                    &db,
                    "user.resend_invite",
                    u.email.as_str(),
                    json!({ "user_id": u.id }),
                )?;
            }
            report(json.json, "invited", &users);
            Ok(())
        }
        UserCommand::ResetPassword { emails, json } => {
            let db = open(config)?;
            let users = find_all(&db, &emails)?;
            for u in &users {
                send_link(&db, config, u, ActionKind::Reset)?;
                audit(
                    &db,
                    "user.reset_password",
                    u.email.as_str(),
                    json!({ "user_id": u.id }),
                )?;
            }
            report(json.json, "reset_sent", &users);
            Ok(())
        }
        UserCommand::ExpirePassword { emails, json } => {
            let db = open(config)?;
            let users = find_all(&db, &emails)?;
            for u in &users {
                db.set_password_expired(u.id.as_str(), true)?;
                audit(
                    &db,
                    "user.expire_password",
                    u.email.as_str(),
                    json!({ "user_id": u.id }),
                )?;
            }
            report(json.json, "expired", &users);
            Ok(())
        }
        UserCommand::RequireMfa { emails, json } => {
            set_mfa_required(config, &emails, true, json.json)
        }
        UserCommand::UnrequireMfa { emails, json } => {
            set_mfa_required(config, &emails, false, json.json)
        }
        UserCommand::ResetMfa { emails, json } => {
            let db = open(config)?;
            let users = find_all(&db, &emails)?;
            for u in &users {
                db.reset_mfa(u.id.as_str())?;
                audit(
                    &db,
                    "user.reset_mfa",
                    u.email.as_str(),
                    json!({ "user_id": u.id }),
                )?;
            }
            report(json.json, "mfa_reset", &users);
            Ok(())
        }
        UserCommand::Unlock { emails, json } => {
            let db = open(config)?;
            let users = find_all(&db, &emails)?;
            for u in &users {
                db.set_user_locked(&u.id, None)?;
                audit(
                    &db,
                    "user.unlock",
                    u.email.as_str(),
                    json!({ "user_id": u.id }),
                )?;
                if !json.json {
                    println!("unlocked {}", u.email);
                }
            }
            if json.json {
                print_json(
                    &json!({ "unlocked": users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>() }),
                );
            }
            Ok(())
        }
        UserCommand::SetSso {
            emails,
            upstream,
            mode,
            json,
        } => super::sso::set_sso(config, &emails, &upstream, &mode, json.json),
        UserCommand::Links { email, json } => super::sso::links(config, &email, json.json),
        UserCommand::Unlink {
            email,
            upstream,
            json,
        } => super::sso::unlink(config, &email, &upstream, json.json),
        UserCommand::Delete { emails, json } => {
            let db = open(config)?;
            let users = find_all(&db, &emails)?;
            for u in &users {
                db.delete_user(&u.id)?;
                audit(
                    &db,
                    "user.delete",
                    u.email.as_str(),
                    json!({ "user_id": u.id }),
                )?;
                if !json.json {
                    println!("deleted {}", u.email);
                }
            }
            if json.json {
                print_json(
                    &json!({ "deleted": users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>() }),
                );
            }
            Ok(())
        }
    }
}

fn set_mfa_required(
    config: &Config,
    emails: &[String],
    required: bool,
    as_json: bool,
) -> anyhow::Result<()> {
    let db = open(config)?;
    let users = find_all(&db, emails)?;
    let (action, word) = if required {
        ("user.require_mfa", "mfa_required")
    } else {
        ("user.unrequire_mfa", "mfa_not_required")
    };
    for u in &users {
        db.set_mfa_required(u.id.as_str(), required)?;
        audit(&db, action, u.email.as_str(), json!({ "user_id": u.id }))?;
    }
    report(as_json, word, &users);
    Ok(())
}

fn report(as_json: bool, word: &str, users: &[User]) {
    if as_json {
        print_json(&json!({ word: users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>() }));
    } else {
        for u in users {
            println!("{} {}", word.replace('_', " "), u.email);
        }
    }
}

/// Issues an activation or reset link (voiding older ones) and delivers it now.
fn send_link(db: &Database, config: &Config, user: &User, kind: ActionKind) -> anyhow::Result<()> {
    if user.disabled {
        bail!("{} is disabled: enable the account first", user.email);
    }
    let ttl = match kind {
        ActionKind::Invite => config.invitation_ttl,
        ActionKind::Reset => config.reset_ttl,
    };
    let link = gatehouse_server::recovery::issue_link(
        db,
        &config.issuer,
        user,
        kind,
        RequestedBy::Admin,
        ttl,
    )?;
    let mail = match kind {
        ActionKind::Invite => gatehouse_server::recovery::invitation_mail(user, &link, ttl),
        ActionKind::Reset => gatehouse_server::recovery::reset_mail(
            user,
            &link,
            ttl,
            "An administrator asked you to choose a new password.",
        ),
    };
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
        .map_err(|e| {
            anyhow!(
                "the link was created but the e-mail to {} failed: {e}",
                user.email
            )
        })
}

/// Resolves every e-mail before anything is changed, so one typo changes nothing.
pub(super) fn find_all(db: &Database, emails: &[String]) -> anyhow::Result<Vec<User>> {
    emails
        .iter()
        .map(|raw| {
            let email = Email::parse(raw)?;
            db.find_user_by_email(&email).map_err(|e| match e {
                StoreError::NotFound => anyhow!("no user with e-mail {email}"),
                other => anyhow!(other),
            })
        })
        .collect()
}

fn set_disabled(
    config: &Config,
    emails: &[String],
    disabled: bool,
    as_json: bool,
) -> anyhow::Result<()> {
    let db = open(config)?;
    let users = find_all(&db, emails)?;
    let (action, word) = if disabled {
        ("user.disable", "disabled")
    } else {
        ("user.enable", "enabled")
    };
    for u in &users {
        db.set_user_disabled(&u.id, disabled, now())?;
        if disabled {
            // Disabling ends the user's browser sessions and revokes their refresh tokens.
            db.revoke_user_sessions(&u.id, now())?;
            db.revoke_refresh_for_user(u.id.as_str(), now())?;
        }
        audit(&db, action, u.email.as_str(), json!({ "user_id": u.id }))?;
        if !as_json {
            println!("{word} {}", u.email);
        }
    }
    if as_json {
        print_json(&json!({ word: users.iter().map(|u| u.email.as_str()).collect::<Vec<_>>() }));
    }
    Ok(())
}

fn create(args: UserCreate, config: &Config) -> anyhow::Result<()> {
    let email = Email::parse(&args.email)?;
    let username = args
        .username
        .as_deref()
        .map(normalize_username)
        .transpose()?;
    let phone = args.phone.as_deref().map(validate_phone).transpose()?;
    let name = args.name.as_deref().map(validate_name).transpose()?;
    let password_hash = match &args.password {
        Some(p) if p.is_empty() => bail!("--password must not be empty"),
        Some(p) if p.chars().count() > 1024 => bail!("--password is too long"),
        Some(p) => Some(hash_password(
            p,
            &random::bytes::<16>(),
            config.password_hash,
        )?),
        None => None,
    };
    let new = NewUser {
        email,
        email_verified: args.email_verified,
        username,
        name,
        phone,
        password_hash,
        is_admin: args.admin,
    };
    let db = open(config)?;
    let id = UserId::new(uuid_v4(random::bytes::<16>()));
    let user = db.create_user(id, new, now()).map_err(|e| match e {
        StoreError::Conflict(m) => anyhow!(m),
        other => anyhow!(other),
    })?;
    audit(
        &db,
        "user.create",
        user.email.as_str(),
        json!({ "user_id": user.id, "admin": user.is_admin }),
    )?;
    let invited = if user.password_hash.is_none() && !user.disabled {
        // No password: the user activates the account from the welcome e-mail. The user
        // exists either way; a failed delivery is a warning (resend with resend-invite).
        match send_link(&db, config, &user, ActionKind::Invite) {
            Ok(()) => true,
            Err(e) => {
                eprintln!(
                    "warning: {e:#}; run `gatehouse user resend-invite {}`",
                    user.email
                );
                false
            }
        }
    } else {
        false
    };
    if args.json.json {
        let mut v = describe(&user);
        v["invitation_sent"] = json!(invited);
        print_json(&v);
    } else {
        println!("created {}", line(&user));
        if invited {
            println!("(an activation e-mail was sent to {})", user.email);
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
