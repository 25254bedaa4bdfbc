//! `acr_values` as preferences (OIDC Core §3.1.2.1): "Requested Authentication Context Class
//! Reference values … in order of preference". The OP answers with the value it satisfied;
//! it steps up only when none of them is satisfied and one it can reach was asked for.
//!
//! Gatehouse's classes: `pwd` (one factor: a password or an upstream) and `mfa` (a second
//! factor was verified). `mfa` satisfies `pwd` as well.

/// The class a sign-in with these `amr` values reaches on its own.
pub fn reached(amr: &[String]) -> &'static str {
    if amr.iter().any(|m| m == "mfa") {
        "mfa"
    } else {
        "pwd"
    }
}

fn satisfies(amr: &[String], value: &str) -> bool {
    match value {
        "mfa" => reached(amr) == "mfa",
        "pwd" => true,
        _ => false,
    }
}

/// The requested value this sign-in satisfies: the one it reached exactly if listed, else
/// the first listed value it satisfies.
pub fn satisfied<'a>(acr_values: &'a [String], amr: &[String]) -> Option<&'a str> {
    let reached = reached(amr);
    acr_values
        .iter()
        .find(|v| v.as_str() == reached)
        .or_else(|| acr_values.iter().find(|v| satisfies(amr, v)))
        .map(String::as_str)
}

/// check_acr_values — OIDC Core §3.1.2.1: step up only when values were requested, none is
/// satisfied, and `mfa` (the one Gatehouse can reach) is among them. Unknown values alone are
/// voluntary claims and change nothing.
pub fn needs_step_up(acr_values: &[String], amr: &[String]) -> bool {
    !acr_values.is_empty()
        && satisfied(acr_values, amr).is_none()
        && acr_values.iter().any(|v| v == "mfa")
}

/// The `acr` claim: the satisfied requested value, else the class reached.
pub fn for_token(acr_values: &[String], amr: &[String]) -> String {
    satisfied(acr_values, amr)
        .unwrap_or_else(|| reached(amr))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn preferences_not_demands() {
        let pwd = v(&["pwd"]);
        let mfa = v(&["pwd", "otp", "mfa"]);
        // (acr_values, amr, step-up?, acr)
        let table: &[(&[&str], &Vec<String>, bool, &str)] = &[
            (&[], &pwd, false, "pwd"),
            (&[], &mfa, false, "mfa"),
            (&["mfa"], &pwd, true, "pwd"),
            (&["mfa"], &mfa, false, "mfa"),
            (&["pwd", "mfa"], &pwd, false, "pwd"),
            (&["pwd", "mfa"], &mfa, false, "mfa"),
            (&["mfa", "pwd"], &pwd, false, "pwd"),
            (&["pwd"], &mfa, false, "pwd"),
            (&["urn:example:gold"], &pwd, false, "pwd"),
            (&["urn:example:gold", "mfa"], &pwd, true, "pwd"),
        ];
        for (values, amr, step_up, acr) in table {
            let values = v(values);
            assert_eq!(needs_step_up(&values, amr), *step_up, "{values:?} {amr:?}");
            assert_eq!(for_token(&values, amr), *acr, "{values:?} {amr:?}");
        }
    }
}
