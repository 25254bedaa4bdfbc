//! LDAP search filters with user input escaped per RFC 4515 §3, so a typed username can never
//! change the filter's structure (`*)(uid=*`, `admin)(|(a=*` stay literal values).

/// Escapes a value for use inside an LDAP filter (RFC 4515 §3: `*`, `(`, `)`, `\` and NUL
/// become `\2a`, `\28`, `\29`, `\5c`, `\00`; other non-ASCII bytes are left as UTF-8).
pub fn escape_filter_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '*' => out.push_str("\\2a"),
            '(' => out.push_str("\\28"),
            ')' => out.push_str("\\29"),
            '\\' => out.push_str("\\5c"),
            '\0' => out.push_str("\\00"),
            other => out.push(other),
        }
    }
    out
}

/// Fills `{username}` in a configured filter like `(|(uid={username})(mail={username}))`.
pub fn user_filter(template: &str, username: &str) -> String {
    template.replace("{username}", &escape_filter_value(username))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injection_attempts_stay_values() {
        let t = "(|(uid={username})(mail={username}))";
        assert_eq!(user_filter(t, "ada"), "(|(uid=ada)(mail=ada))");
        assert_eq!(
            user_filter(t, "*)(uid=*"),
            "(|(uid=\\2a\\29\\28uid=\\2a)(mail=\\2a\\29\\28uid=\\2a))"
        );
        assert_eq!(
            user_filter("(uid={username})", "admin)(|(a=*"),
            "(uid=admin\\29\\28|\\28a=\\2a)"
        );
        assert_eq!(escape_filter_value("a\\b\0"), "a\\5cb\\00");
        assert_eq!(escape_filter_value("zoë(1)"), "zoë\\281\\29");
    }
}
