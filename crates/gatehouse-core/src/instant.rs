//! Instants as people and scripts write them: RFC 3339 (`2026-12-05T14:02:00Z`), a date
//! (`2026-12-05`, midnight UTC), unix seconds, or an age (`7d` = seven days before now);
//! and shown as `2026-12-05 14:02 UTC`. Civil-date arithmetic after Howard Hinnant's
//! `days_from_civil` / `civil_from_days`.

use crate::duration::parse_duration;
use crate::UnixTime;

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn parts(t: UnixTime) -> (i64, u32, u32, i64, i64, i64) {
    let (y, m, d) = civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    (y, m, d, s / 3600, s % 3600 / 60, s % 60)
}

/// `2026-12-05 14:02 UTC`.
pub fn format_utc(t: UnixTime) -> String {
    let (y, m, d, h, min, _) = parts(t);
    format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02} UTC")
}

/// `2026-12-05T14:02:07Z`.
pub fn format_rfc3339(t: UnixTime) -> String {
    let (y, m, d, h, min, s) = parts(t);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}Z")
}

/// Parses an instant (see the module doc); `now` anchors ages.
pub fn parse(text: &str, now: UnixTime) -> Result<UnixTime, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "{text:?} is not a time: use RFC 3339 (2026-12-05T14:02:00Z), a date (2026-12-05), \
             unix seconds, or an age such as 7d"
        )
    };
    if text.is_empty() {
        return Err(bad());
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<i64>().map_err(|_| bad());
    }
    if text.len() == 10 || text.len() >= 20 {
        if let Some(t) = parse_date_time(text) {
            return Ok(t);
        }
        return Err(bad());
    }
    match parse_duration(text) {
        Ok(age) => i64::try_from(age)
            .ok()
            .and_then(|age| now.checked_sub(age))
            .ok_or_else(bad),
        Err(_) => Err(bad()),
    }
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
fn parse_date_time(text: &str) -> Option<UnixTime> {
    if !text.is_ascii() {
        return None;
    }
    let b = text.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (y, m, d) = (num(0..4)?, num(5..7)? as u32, num(8..10)? as u32);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let day = days_from_civil(y, m, d) * 86_400;
    if text.len() == 10 {
        return Some(day);
    }
    if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (h, min, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || min > 59 || s > 60 {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        o if o.len() == 6 && (o.starts_with('+') || o.starts_with('-')) && &o[3..4] == ":" => {
            let hh: i64 = o[1..3].parse().ok()?;
            let mm: i64 = o[4..6].parse().ok()?;
            let sign = if o.starts_with('-') { -1 } else { 1 };
            sign * (hh * 3600 + mm * 60)
        }
        _ => return None,
    };
    Some(day + h * 3600 + min * 60 + s - offset)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_round_trip() {
        let t = 1_796_479_327; // 2026-12-05T14:02:07Z
        assert_eq!(format_rfc3339(t), "2026-12-05T14:02:07Z");
        assert_eq!(format_utc(t), "2026-12-05 14:02 UTC");
        assert_eq!(parse("2026-12-05T14:02:07Z", 0), Ok(t));
        assert_eq!(parse("2026-12-05T15:02:07.250+01:00", 0), Ok(t));
        assert_eq!(parse("2026-12-05", 0), Ok(t - 14 * 3600 - 2 * 60 - 7));
        assert_eq!(parse("1796479327", 0), Ok(t));
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(parse("2024-02-29", 0), Ok(1_709_164_800));
    }

    #[test]
    fn ages_count_back_from_now() {
        assert_eq!(parse("7d", 1_000_000), Ok(1_000_000 - 7 * 86_400));
        assert_eq!(parse("90m", 10_000), Ok(10_000 - 5400));
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "2026-02-30",
            "2026-12-05T25:00:00Z",
            "2026-12-05T10:00:00",
            "2023-02-29",
        ] {
            assert!(parse(bad, 0).is_err(), "{bad}");
        }
    }
}
