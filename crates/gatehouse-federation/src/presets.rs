//! Provider presets: what each upstream's ID token must satisfy beyond standard OIDC
//! validation, and when its e-mail counts as verified.

use serde_json::Value;

/// Google: the `hd` claim must equal the configured hosted domain, if any; the e-mail counts
/// only with `email_verified: true`.
pub fn google_checks(claims: &Value, hosted_domain: Option<&str>) -> Result<bool, String> {
    if let Some(hd) = hosted_domain {
        if claims["hd"].as_str() != Some(hd) {
            return Err(format!("the Google account is not in the {hd} domain"));
        }
    }
    Ok(claims["email_verified"].as_bool() == Some(true))
}

/// Microsoft Entra ID (v2.0 endpoints). Multi-tenant apps discover the issuer as a template
/// `{authority}/{tenantid}/v2.0`: the token's `iss` must equal `{authority}/{tid}/v2.0` for the
/// token's own `tid`, and `tid` must be in `allowed_tenants` when that list is set. The e-mail
/// counts only with the optional claim `xms_edov: true` or from an allow-listed tenant
/// (unverified Entra e-mails have been used to take over accounts elsewhere).
pub fn microsoft_checks(
    claims: &Value,
    authority: &str,
    allowed_tenants: &[String],
) -> Result<bool, String> {
    let tid = claims["tid"].as_str().ok_or("the token has no tid")?;
    let expected = format!("{}/{tid}/v2.0", authority.trim_end_matches('/'));
    if claims["iss"].as_str() != Some(expected.as_str()) {
        return Err("the token's issuer does not match its tenant".into());
    }
    let listed = allowed_tenants.iter().any(|t| t == tid);
    if !allowed_tenants.is_empty() && !listed {
        return Err("this Microsoft tenant is not allowed".into());
    }
    let edov = matches!(&claims["xms_edov"], Value::Bool(true))
        || claims["xms_edov"].as_str() == Some("true")
        || claims["xms_edov"].as_str() == Some("1");
    Ok(edov || listed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn google() {
        let c = json!({ "hd": "example.com", "email_verified": true });
        assert_eq!(google_checks(&c, Some("example.com")), Ok(true));
        assert!(google_checks(&c, Some("other.com")).is_err());
        assert_eq!(
            google_checks(&json!({ "email_verified": false }), None),
            Ok(false)
        );
    }

    #[test]
    fn microsoft() {
        let a = "https://login.microsoftonline.com";
        let ok = json!({ "tid": "t1", "iss": "https://login.microsoftonline.com/t1/v2.0", "xms_edov": true });
        assert_eq!(microsoft_checks(&ok, a, &[]), Ok(true));
        let mismatch = json!({ "tid": "t1", "iss": "https://login.microsoftonline.com/t2/v2.0" });
        assert!(microsoft_checks(&mismatch, a, &[]).is_err());
        let unverified = json!({ "tid": "t1", "iss": "https://login.microsoftonline.com/t1/v2.0" });
        assert_eq!(microsoft_checks(&unverified, a, &[]), Ok(false));
        assert_eq!(microsoft_checks(&unverified, a, &["t1".into()]), Ok(true));
        assert!(microsoft_checks(&unverified, a, &["t9".into()]).is_err());
        assert!(microsoft_checks(&json!({}), a, &[]).is_err());
    }
}
