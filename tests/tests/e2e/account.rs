//! Account lifecycle as people meet it: lockout, throttling, disabled accounts.

mod lockout;
mod recovery;
mod terms;
