//! SMS delivery: a generic webhook, a Twilio-style REST API, or the log.

use crate::config::SmsConfig;

/// Sends `message` to `to` (E.164). Errors are readable, without secrets.
pub async fn send(
    config: &SmsConfig,
    http: &reqwest::Client,
    to: &str,
    message: &str,
) -> Result<(), String> {
    match config {
        SmsConfig::Log => {
            tracing::info!(sms.to = %to, "SMS (not sent: sms.provider is log):\n{message}");
            Ok(())
        }
        SmsConfig::Webhook { url, header } => {
            let mut req = http
                .post(url)
                .json(&serde_json::json!({ "to": to, "message": message }));
            if let Some((name, value)) = header {
                req = req.header(name.as_str(), value.as_str());
            }
            let res = req.send().await.map_err(|e| format!("SMS webhook: {e}"))?;
            if res.status().is_success() {
                Ok(())
            } else {
                Err(format!("SMS webhook answered {}", res.status()))
            }
        }
        SmsConfig::Twilio {
            base_url,
            account_sid,
            auth_token,
            from,
        } => {
            let url = format!("{base_url}/2010-04-01/Accounts/{account_sid}/Messages.json");
            let res = http
                .post(url)
                .basic_auth(account_sid, Some(auth_token))
                .form(&[("To", to), ("From", from.as_str()), ("Body", message)])
                .send()
                .await
                .map_err(|e| format!("SMS gateway: {e}"))?;
            if res.status().is_success() {
                Ok(())
            } else {
                Err(format!("SMS gateway answered {}", res.status()))
            }
        }
    }
}
