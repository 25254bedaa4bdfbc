//! The sign-in steps, one file each. A step loads its record in the state it waits in,
//! does one thing, and hands back to the resume point; no step imports another.

pub mod consent;
pub mod expired_password;
pub mod login;
pub mod passkey;
pub mod second_factor;
pub mod terms;
pub mod upstream;
