//! In-process suite: the application runs inside the test process with a clock the tests
//! move, so lifetimes, windows and re-authentication are tested without sleeping. Laid out
//! like the product: one module per surface.

mod in_process {
    mod abuse;
    mod account;
    mod admin_api;
    mod backchannel;
    mod branding;
    mod console;
    mod keys;
    mod passkeys;
    mod protocol;
    mod registration;
    mod signin;
    mod tokens;
}
