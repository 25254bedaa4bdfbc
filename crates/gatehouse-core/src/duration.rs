//! Human durations used in configuration: `"60s"`, `"10m"`, `"1h"`, `"7d"`.

/// Why a duration string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid duration {0:?}: expected a number followed by s, m, h or d (like \"10m\")")]
pub struct InvalidDuration(pub String);

/// Parses `"<digits><unit>"` with unit `s`, `m`, `h` or `d` into seconds. Several parts may be
/// combined (`"1h30m"`). Zero is allowed; callers decide whether it makes sense.
pub fn parse_duration(raw: &str) -> Result<u64, InvalidDuration> {
    let text = raw.trim();
    let bad = || InvalidDuration(raw.to_string());
    if text.is_empty() {
        return Err(bad());
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => return Err(bad()),
        };
        let n: u64 = digits.parse().map_err(|_| bad())?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(bad)?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(bad());
    }
    Ok(total)
}

/// Formats seconds back into the shortest exact form (`600` -> `"10m"`).
pub fn format_duration(secs: u64) -> String {
    match secs {
        0 => "0s".into(),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        for (raw, secs) in [
            ("60s", 60),
            ("10m", 600),
            ("1h", 3600),
            ("7d", 604_800),
            ("1h30m", 5400),
            ("0s", 0),
        ] {
            assert_eq!(parse_duration(raw), Ok(secs), "{raw}");
        }
    }

    #[test]
    fn refuses_garbage() {
        for raw in ["", "10", "m", "10x", "-5s", "1.5h", "99999999999999999999d"] {
            assert!(parse_duration(raw).is_err(), "{raw}");
        }
    }

    #[test]
    fn formats_round_trip() {
        for secs in [0, 1, 60, 90, 600, 3600, 86_400, 604_800] {
            assert_eq!(parse_duration(&format_duration(secs)), Ok(secs));
        }
    }
}
