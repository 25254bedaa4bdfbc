//! HTTP plumbing shared by every surface: the client's address and browser, CSRF tokens of
//! anonymous forms, the page's language, safe return paths, and the signed-in check of Gatehouse's own pages.

pub mod client;
pub mod csrf;
pub mod language;
pub mod return_to;
pub mod signed_in;
