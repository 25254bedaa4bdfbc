//! Diesel schema, identical for both backends (see `migrations/{sqlite,postgres}`).
#![allow(missing_docs)]

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        username -> Nullable<Text>,
        name -> Nullable<Text>,
        phone -> Nullable<Text>,
        password_hash -> Nullable<Text>,
        is_admin -> Bool,
        disabled -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
        email_verified -> Bool,
        phone_verified -> Bool,
        locale -> Nullable<Text>,
        password_changed_at -> Nullable<BigInt>,
        password_expired -> Bool,
        locked_at -> Nullable<BigInt>,
        sessions_revoked_at -> Nullable<BigInt>,
        terms_version -> Nullable<Text>,
        terms_accepted_at -> Nullable<BigInt>,
        mfa_required -> Bool,
        passkey_required -> Bool,
    }
}

diesel::table! {
    clients (id) {
        id -> Text,
        name -> Text,
        secret_hash -> Nullable<Text>,
        redirect_uris -> Text,
        post_logout_redirect_uris -> Text,
        grant_types -> Text,
        public -> Bool,
        first_party -> Bool,
        backchannel_logout_uri -> Nullable<Text>,
        backchannel_logout_session_required -> Bool,
        token_endpoint_auth_method -> Text,
        jwks_uri -> Nullable<Text>,
        jwks -> Nullable<Text>,
        id_token_signed_response_alg -> Text,
        allowed_scopes -> Text,
        created_at -> BigInt,
        updated_at -> BigInt,
        registration_token_hash -> Nullable<Text>,
        logo_uri -> Nullable<Text>,
        policy_uri -> Nullable<Text>,
        tos_uri -> Nullable<Text>,
        client_uri -> Nullable<Text>,
    }
}

diesel::table! {
    signing_keys (kid) {
        kid -> Text,
        alg -> Text,
        private_key_enc -> Binary,
        public_jwk -> Text,
        created_at -> BigInt,
        retired_at -> Nullable<BigInt>,
        activates_at -> BigInt,
    }
}

diesel::table! {
    rp_sessions (sid, client_id) {
        sid -> Text,
        client_id -> Text,
        user_id -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
    }
}

diesel::table! {
    logout_deliveries (id) {
        id -> BigInt,
        client_id -> Text,
        user_id -> Text,
        sid -> Text,
        attempts -> Integer,
        next_attempt_at -> BigInt,
        created_at -> BigInt,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        at -> BigInt,
        actor -> Text,
        action -> Text,
        target -> Nullable<Text>,
        ip -> Nullable<Text>,
        outcome -> Text,
        detail -> Text,
        user_id -> Nullable<Text>,
        client_id -> Nullable<Text>,
    }
}

diesel::table! {
    consents (user_id, client_id) {
        user_id -> Text,
        client_id -> Text,
        scopes -> Text,
        granted_at -> BigInt,
    }
}

diesel::table! {
    refresh_tokens (token_hash) {
        token_hash -> Text,
        family_id -> Text,
        client_id -> Text,
        user_id -> Text,
        scope -> Text,
        sid -> Nullable<Text>,
        offline -> Bool,
        auth_time -> BigInt,
        amr -> Text,
        acr -> Text,
        issued_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    password_history (user_id, password_hash) {
        user_id -> Text,
        password_hash -> Text,
        created_at -> BigInt,
        seq -> BigInt,
    }
}

diesel::table! {
    action_tokens (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        kind -> Text,
        requested_by -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    leases (name) {
        name -> Text,
        holder -> Text,
        expires_at -> BigInt,
    }
}

diesel::table! {
    reminders_sent (user_id, password_changed_at, day) {
        user_id -> Text,
        password_changed_at -> BigInt,
        day -> Integer,
        sent_at -> BigInt,
    }
}

diesel::table! {
    mfa_factors (user_id, method) {
        user_id -> Text,
        method -> Text,
        secret_enc -> Nullable<Binary>,
        last_step -> Nullable<BigInt>,
        created_at -> BigInt,
    }
}

diesel::table! {
    passkeys (id) {
        id -> Text,
        user_id -> Text,
        credential_id -> Text,
        name -> Text,
        credential -> Text,
        aaguid -> Nullable<Text>,
        sign_count -> BigInt,
        backup_eligible -> Bool,
        backup_state -> Bool,
        created_at -> BigInt,
        last_used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    recovery_codes (user_id, code_hash) {
        user_id -> Text,
        code_hash -> Text,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    upstream_links (issuer, subject) {
        issuer -> Text,
        subject -> Text,
        user_id -> Text,
        upstream_id -> Text,
        email -> Nullable<Text>,
        linked_at -> BigInt,
        last_login_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    sso_modes (user_id, upstream_id) {
        user_id -> Text,
        upstream_id -> Text,
        mode -> Text,
    }
}

diesel::table! {
    pending_phones (user_id) {
        user_id -> Text,
        phone -> Text,
        seen_at -> BigInt,
    }
}

diesel::table! {
    registration_tokens (token_hash) {
        token_hash -> Text,
        expires_at -> BigInt,
        created_at -> BigInt,
    }
}

diesel::joinable!(upstream_links -> users (user_id));
diesel::joinable!(pending_phones -> users (user_id));
diesel::joinable!(sso_modes -> users (user_id));
diesel::joinable!(mfa_factors -> users (user_id));
diesel::joinable!(recovery_codes -> users (user_id));
diesel::joinable!(passkeys -> users (user_id));
diesel::joinable!(reminders_sent -> users (user_id));
diesel::joinable!(password_history -> users (user_id));
diesel::joinable!(action_tokens -> users (user_id));
diesel::joinable!(consents -> users (user_id));
diesel::joinable!(consents -> clients (client_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(refresh_tokens -> clients (client_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    clients,
    signing_keys,
    rp_sessions,
    logout_deliveries,
    audit_events,
    consents,
    refresh_tokens,
    password_history,
    action_tokens,
    leases,
    reminders_sent,
    mfa_factors,
    recovery_codes,
    upstream_links,
    sso_modes,
    pending_phones,
    registration_tokens
);
