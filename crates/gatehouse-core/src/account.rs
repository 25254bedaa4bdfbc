//! Account lifecycle rules: password policy, failed-attempt lockout, per-IP throttling, the
//! required actions after sign-in, and the troubleshooter that says why someone cannot sign
//! in. Pure decisions; the server stores counters and sends mail.

pub mod diagnosis;
pub mod lockout;
pub mod policy;
pub mod required;
pub mod schedule;
pub mod standing;
pub mod tokens;
