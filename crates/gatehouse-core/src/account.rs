//! Account lifecycle rules: password policy, failed-attempt lockout, per-IP throttling and
//! the required actions after sign-in. Pure decisions; the server stores counters and sends
//! mail.

pub mod lockout;
pub mod policy;
pub mod required;
pub mod schedule;
pub mod standing;
pub mod tokens;
