//! The account page's linked sign-in methods: which upstream identities sign in as this
//! account, and "Unlink".

use actix_web::{web, HttpRequest, HttpResponse};
use gatehouse_core::federation::{LinkRepo, DIRECTORY_UPSTREAM};
use gatehouse_core::StoreError;
use serde::Deserialize;

use super::{back, signed_in_form};
use crate::http::client::client_ip;
use crate::pages::{LinkRow, PageError};
use crate::state::AppState;

/// The user's linked identities as page rows.
pub async fn rows(state: &AppState, user_id: &str) -> Result<Vec<LinkRow>, PageError> {
    let uid = user_id.to_string();
    let links = state.db(move |db| db.list_links(&uid)).await?;
    Ok(links
        .into_iter()
        .map(|l| {
            let directory = l.upstream_id == DIRECTORY_UPSTREAM;
            let name = if directory {
                crate::i18n::t("account-directory-link")
            } else {
                crate::upstream::settings(state, &l.upstream_id)
                    .map_or_else(|| l.upstream_id.clone(), |u| u.name.clone())
            };
            LinkRow {
                upstream: l.upstream_id,
                name,
                email: l.email.unwrap_or_default(),
                // Directory accounts are the directory's: the link is remade at each sign-in.
                can_unlink: !directory,
            }
        })
        .collect())
}

/// The unlink form.
#[derive(Debug, Deserialize)]
pub struct UnlinkForm {
    csrf: String,
    upstream: String,
}

/// "Unlink": the identity no longer signs in as this account (a later sign-in through it
/// links again only by a verified matching e-mail).
pub async fn unlink(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<UnlinkForm>,
) -> Result<HttpResponse, PageError> {
    let (_, user) = match signed_in_form(&req, &state, &form.csrf).await? {
        Ok(x) => x,
        Err(redirect) => return Ok(redirect),
    };
    if form.upstream == DIRECTORY_UPSTREAM {
        return Err(PageError::bad_request(crate::i18n::t(
            "account-directory-unlink",
        )));
    }
    let (uid, up) = (user.id.as_str().to_string(), form.upstream.clone());
    match state.db(move |db| db.delete_link(&uid, &up)).await {
        Ok(()) | Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    let reason = format!("upstream {}", form.upstream);
    crate::audit::record(
        &state,
        "upstream.unlink",
        Some(user.id.as_str()),
        &client_ip(&req),
        "success",
        Some(&reason),
    )
    .await;
    Ok(back("link"))
}
