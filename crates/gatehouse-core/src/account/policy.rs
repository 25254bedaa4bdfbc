//! The password policy (`policy.password`).

use crate::UnixTime;

/// Password rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Minimum length in characters.
    pub min_length: usize,
    /// Maximum length in characters (at least 128).
    pub max_length: usize,
    /// Minimum zxcvbn score, 0-4.
    pub min_score: u8,
    /// How many recent passwords (the current one included) may not be reused.
    pub history: usize,
    /// Maximum password age in seconds; `None`: passwords do not expire.
    pub max_age: Option<u64>,
    /// Days before expiry on which a reminder is sent.
    pub reminder_days: Vec<u32>,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_length: 10,
            max_length: 128,
            min_score: 3,
            history: 5,
            max_age: None,
            reminder_days: vec![14, 3, 1],
        }
    }
}

/// One reason a new password is refused, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Shorter than the minimum.
    TooShort(usize),
    /// Longer than the maximum.
    TooLong(usize),
    /// zxcvbn thinks it is guessable.
    TooWeak,
    /// Equal to or containing the e-mail or username.
    ContainsIdentity,
    /// One of the recent passwords.
    Reused(usize),
    /// The two fields differ.
    Mismatch,
}

/// zxcvbn's 0-4 score of `password`, with the user's own identifiers as known words.
pub fn strength(password: &str, user_inputs: &[&str]) -> u8 {
    if password.is_empty() {
        return 0;
    }
    zxcvbn::zxcvbn(password, user_inputs).score() as u8
}

impl PasswordPolicy {
    /// Checks a new password except for history (which needs the stored hashes). Returns
    /// every problem, so the form lists them all at once.
    pub fn check(
        &self,
        password: &str,
        confirm: &str,
        email: &str,
        username: Option<&str>,
    ) -> Vec<PasswordProblem> {
        let mut out = Vec::new();
        let len = password.chars().count();
        if password != confirm {
            out.push(PasswordProblem::Mismatch);
        }
        if len < self.min_length {
            out.push(PasswordProblem::TooShort(self.min_length));
        }
        if len > self.max_length {
            out.push(PasswordProblem::TooLong(self.max_length));
            return out;
        }
        let lower = password.to_lowercase();
        let local = email.split('@').next().unwrap_or("");
        let mut ids = vec![email.to_lowercase()];
        if local.len() >= 3 {
            ids.push(local.to_lowercase());
        }
        if let Some(u) = username.filter(|u| u.len() >= 3) {
            ids.push(u.to_lowercase());
        }
        if ids
            .iter()
            .any(|id| !id.is_empty() && lower.contains(id.as_str()))
        {
            out.push(PasswordProblem::ContainsIdentity);
        }
        let inputs: Vec<&str> = ids.iter().map(String::as_str).collect();
        if strength(password, &inputs) < self.min_score {
            out.push(PasswordProblem::TooWeak);
        }
        out
    }

    /// When a password set at `changed_at` expires, if passwords expire.
    pub fn expires_at(&self, changed_at: UnixTime) -> Option<UnixTime> {
        self.max_age.map(|age| changed_at + age as i64)
    }

    /// Whether a password set at `changed_at` has expired at `now`.
    pub fn is_expired(&self, changed_at: UnixTime, now: UnixTime) -> bool {
        self.expires_at(changed_at).is_some_and(|e| now >= e)
    }

    /// The reminder day due at `now` for a password expiring at `expires_at`, if any, given
    /// the reminder days already sent for this password: the smallest configured day that is
    /// reached and not yet sent (one mail per day, never a backlog of several).
    pub fn due_reminder(&self, expires_at: UnixTime, now: UnixTime, sent: &[u32]) -> Option<u32> {
        if now >= expires_at {
            return None;
        }
        let days_left = ((expires_at - now) as f64 / 86_400.0).ceil() as u32;
        // The nearest reminder day reached; earlier ones that were missed are skipped.
        self.reminder_days
            .iter()
            .copied()
            .filter(|d| days_left <= *d)
            .min()
            .filter(|d| !sent.contains(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_problem() {
        let p = PasswordPolicy::default();
        let problems = p.check("ada", "adb", "ada@example.com", None);
        assert!(problems.contains(&PasswordProblem::Mismatch));
        assert!(problems.contains(&PasswordProblem::TooShort(10)));
        assert!(problems.contains(&PasswordProblem::ContainsIdentity));
        assert!(problems.contains(&PasswordProblem::TooWeak));
        assert!(p
            .check(
                "correct horse battery staple",
                "correct horse battery staple",
                "ada@example.com",
                Some("ada")
            )
            .is_empty());
        assert_eq!(
            p.check("password123", "password123", "x@example.com", None),
            vec![PasswordProblem::TooWeak]
        );
        let long = "x".repeat(129);
        assert!(p
            .check(&long, &long, "x@example.com", None)
            .contains(&PasswordProblem::TooLong(128)));
        assert!(p
            .check(
                "my lovelace cheese wheel",
                "my lovelace cheese wheel",
                "lovelace@example.com",
                None
            )
            .contains(&PasswordProblem::ContainsIdentity));
        assert!(p
            .check(
                "xx adaking99 rocks the boat",
                "xx adaking99 rocks the boat",
                "a@example.com",
                Some("adaking99")
            )
            .contains(&PasswordProblem::ContainsIdentity));
    }

    #[test]
    fn expiry_and_reminders() {
        let day = 86_400;
        let p = PasswordPolicy {
            max_age: Some(90 * day as u64),
            ..Default::default()
        };
        assert!(!p.is_expired(0, 90 * day - 1));
        assert!(p.is_expired(0, 90 * day));
        let exp = 90 * day;
        assert_eq!(p.due_reminder(exp, exp - 20 * day, &[]), None);
        assert_eq!(p.due_reminder(exp, exp - 14 * day, &[]), Some(14));
        assert_eq!(p.due_reminder(exp, exp - 13 * day, &[14]), None);
        assert_eq!(p.due_reminder(exp, exp - 3 * day, &[14]), Some(3));
        // A server that was down for days sends only the nearest reminder.
        assert_eq!(p.due_reminder(exp, exp - day / 2, &[]), Some(1));
        assert_eq!(p.due_reminder(exp, exp - day / 2, &[1]), None);
        assert_eq!(p.due_reminder(exp, exp, &[]), None);
        assert_eq!(PasswordPolicy::default().expires_at(0), None);
    }
}
