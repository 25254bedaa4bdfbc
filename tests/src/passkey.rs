//! A passkey for the in-process tests: `webauthn-authenticator-rs`'s software authenticator,
//! answering the options a Gatehouse page embeds (`#passkey-options`) the way the browser's
//! `static/passkey.js` would.
//!
//! The software passkey cannot do two things a browser's authenticator does, so this plays
//! the browser's part for them: it ignores `requireResidentKey` (the options ask for a
//! discoverable credential), and it cannot pick a credential by itself for a discoverable
//! sign-in (empty `allowCredentials`), so the credentials it holds are named for it and the
//! user handle it stored is put in the answer. Neither is covered by the signature.

use serde_json::{json, Value};
use webauthn_authenticator_rs::prelude::WebauthnAuthenticator;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse, Url};

use crate::browser::{html_unescape, Page};

/// One software authenticator and the credentials it created.
pub struct Authenticator {
    key: SoftPasskey,
    origin: Url,
    /// (credential id, user handle), base64url.
    held: Vec<(String, String)>,
}

/// The JSON a page embeds for `static/passkey.js`, and its mode (`signin`, `verify`,
/// `register`).
pub fn options(page: &Page) -> (Value, String) {
    let marker = "id=\"passkey-options\"";
    let at = page
        .body
        .find(marker)
        .unwrap_or_else(|| panic!("no passkey options on {}:\n{}", page.url, page.body));
    let tag_end = at + page.body[at..].find('>').unwrap();
    let tag = &page.body[at..tag_end];
    let mode = tag
        .split("data-mode=\"")
        .nth(1)
        .and_then(|m| m.split('"').next())
        .unwrap_or_default()
        .to_string();
    let end = tag_end + page.body[tag_end..].find("</script>").unwrap();
    let text = &page.body[tag_end + 1..end];
    (serde_json::from_str(text).expect("options JSON"), mode)
}

/// Whether a page offers passkeys at all.
pub fn offered(page: &Page) -> bool {
    page.body.contains("id=\"passkey-options\"")
}

impl Authenticator {
    /// A new authenticator for pages of `base` (the origin it reports).
    pub fn new(base: &str) -> Self {
        Self {
            // `true`: it reports that it verified the person (a PIN, a fingerprint).
            key: SoftPasskey::new(true),
            origin: Url::parse(base).expect("origin"),
            held: Vec::new(),
        }
    }

    /// Creates a credential for the page's registration options; returns the answer JSON.
    pub fn register(&mut self, page: &Page) -> String {
        let (mut options, mode) = options(page);
        assert_eq!(mode, "register", "{}", page.body);
        // The options ask for a discoverable credential; the software passkey refuses the
        // flag (and makes every credential it can use by id anyway).
        if let Some(sel) = options.pointer_mut("/publicKey/authenticatorSelection") {
            sel["requireResidentKey"] = json!(false);
        }
        let handle = options
            .pointer("/publicKey/user/id")
            .and_then(Value::as_str)
            .expect("user id")
            .to_string();
        let ccr: CreationChallengeResponse = serde_json::from_value(options).expect("ccr");
        let answer = self
            .key
            .do_registration(self.origin.clone(), ccr)
            .expect("registration");
        let json = serde_json::to_value(&answer).expect("answer");
        let id = json["rawId"].as_str().expect("rawId").to_string();
        self.held.push((id, handle));
        json.to_string()
    }

    /// Answers the page's sign-in options (discoverable, or a second factor naming the
    /// credentials); `None` when it holds none of the credentials asked for.
    pub fn sign(&mut self, page: &Page) -> Option<String> {
        let (options, _) = options(page);
        self.sign_options(options)
    }

    /// [`Authenticator::sign`] for options already read.
    pub fn sign_options(&mut self, mut options: Value) -> Option<String> {
        let allowed: Vec<String> = options
            .pointer("/publicKey/allowCredentials")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|c| c["id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let mine: Vec<&(String, String)> = self
            .held
            .iter()
            .filter(|(id, _)| allowed.is_empty() || allowed.contains(id))
            .collect();
        let (id, handle) = (*mine.last()?).clone();
        // The browser's part: the credential the person picked.
        options["publicKey"]["allowCredentials"] = json!([{ "type": "public-key", "id": id }]);
        let rcr: RequestChallengeResponse = serde_json::from_value(options).expect("rcr");
        let answer = self
            .key
            .do_authentication(self.origin.clone(), rcr)
            .expect("assertion");
        let mut json = serde_json::to_value(&answer).expect("answer");
        json["response"]["userHandle"] = json!(handle);
        Some(json.to_string())
    }

    /// The credential ids it holds (base64url).
    pub fn credential_ids(&self) -> Vec<String> {
        self.held.iter().map(|(id, _)| id.clone()).collect()
    }
}

/// The hidden fields of the page's passkey form, with the answer filled in.
pub fn form(page: &Page, answer: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let action = if page.body.contains("action=\"/login/passkey\"") {
        "/login/passkey"
    } else {
        "/mfa\" id=\"passkey-form"
    };
    let mut fields: Vec<(String, String)> = page
        .form_fields(action)
        .into_iter()
        .filter(|(k, _)| k != "credential" && k != "remember_me" && k != "passkey_name")
        .collect();
    fields.push(("credential".into(), answer.to_string()));
    for (k, v) in extra {
        fields.push((k.to_string(), html_unescape(v)));
    }
    fields
}
