//! Account lifecycle as people meet it: lockout, throttling, disabled accounts.

mod lockout;
mod page;
mod recovery;
mod reminders;
mod terms;
