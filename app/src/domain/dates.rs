//! Calendar arithmetic without a date library (the browser bundle stays small): ISO dates,
//! `datetime-local` values, and the fixed UTC offsets of the time zones the alliances' host
//! cities use.

/// IANA time zones of the member universities' cities and their UTC offsets in minutes. None
/// of these observes daylight saving time any more (Russia since 2014, Iran since 2022,
/// Kazakhstan's single zone since 2024; China and Uzbekistan not at all), so one offset
/// converts every instant exactly.
pub const TIME_ZONES: [(&str, i32); 17] = [
    ("Europe/Kaliningrad", 120),
    ("Europe/Moscow", 180),
    ("Europe/Samara", 240),
    ("Asia/Yekaterinburg", 300),
    ("Asia/Omsk", 360),
    ("Asia/Novosibirsk", 420),
    ("Asia/Krasnoyarsk", 420),
    ("Asia/Irkutsk", 480),
    ("Asia/Yakutsk", 540),
    ("Asia/Vladivostok", 600),
    ("Asia/Shanghai", 480),
    ("Asia/Harbin", 480),
    ("Asia/Urumqi", 360),
    ("Asia/Almaty", 300),
    ("Asia/Tashkent", 300),
    ("Asia/Tehran", 210),
    ("UTC", 0),
];

/// The UTC offset of `zone` in minutes, if it is one of [`TIME_ZONES`].
pub fn offset_minutes(zone: &str) -> Option<i32> {
    TIME_ZONES.iter().find(|(z, _)| *z == zone).map(|(_, o)| *o)
}

/// `+08:00`-style label of an offset.
pub fn offset_label(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days in month `m` of year `y`.
pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Day number of a strict ISO date `YYYY-MM-DD` (years 1900–2999).
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    let ok = (1900..3000).contains(&y) && (1..=12).contains(&m) && d >= 1;
    (ok && d <= days_in_month(y, m)).then(|| days_from_civil(y, m, d))
}

/// ISO date of a day number.
pub fn format_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The UTC date of a Unix instant, ISO.
pub fn utc_date(unix: i64) -> String {
    format_date(unix.div_euclid(86_400))
}

/// A `datetime-local` value (`YYYY-MM-DDTHH:MM`, optionally `:SS`) read as wall-clock time at
/// UTC offset `offset` minutes: the Unix instant it names.
pub fn parse_local(s: &str, offset: i32) -> Option<i64> {
    let (date, time) = s.trim().split_once('T')?;
    let days = parse_date(date)?;
    let mut parts = time.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let min: i64 = parts.next()?.parse().ok()?;
    let sec: i64 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    let ok = (0..24).contains(&h) && (0..60).contains(&min) && (0..60).contains(&sec);
    ok.then(|| days * 86_400 + h * 3_600 + min * 60 + sec - i64::from(offset) * 60)
}

/// The `datetime-local` value of Unix instant `unix` at UTC offset `offset` minutes.
pub fn format_local(unix: i64, offset: i32) -> String {
    let local = unix + i64::from(offset) * 60;
    let secs = local.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}",
        format_date(local.div_euclid(86_400)),
        secs / 3_600,
        secs % 3_600 / 60
    )
}

/// Adds `years` to an ISO date, 29 February becoming 28 February in common years.
pub fn add_years(date: &str, years: i64) -> Option<String> {
    let (y, m, d) = civil_from_days(parse_date(date)?);
    let y = y + years;
    let d = d.min(days_in_month(y, m));
    Some(format_date(days_from_civil(y, m, d)))
}

/// ISO weekday of a day number, Monday = 0.
pub fn weekday(days: i64) -> u32 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip() {
        for days in [-800_000, -1, 0, 1, 11_016, 20_000, 20_780, 400_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_795_478_399), "2026-11-23");
        assert_eq!(utc_date(1_795_478_400), "2026-11-24");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(
            parse_date("2028-02-29").map(format_date).as_deref(),
            Some("2028-02-29")
        );
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("2026-1-01"), None);
        assert_eq!(weekday(parse_date("2026-11-23").unwrap_or_default()), 0);
    }

    #[test]
    fn wall_clock_in_the_hosts_zone_is_stored_as_utc() {
        let shanghai = offset_minutes("Asia/Shanghai").unwrap_or_default();
        let t = parse_local("2026-12-01T09:00", shanghai).unwrap_or_default();
        assert_eq!(format_local(t, 0), "2026-12-01T01:00");
        assert_eq!(format_local(t, shanghai), "2026-12-01T09:00");
        let tehran = offset_minutes("Asia/Tehran").unwrap_or_default();
        assert_eq!(format_local(t, tehran), "2026-12-01T04:30");
        assert_eq!(offset_label(tehran), "UTC+03:30");
        assert_eq!(parse_local("2026-12-01T24:00", 0), None);
        assert_eq!(parse_local("2026-12-01", 0), None);
        assert_eq!(add_years("2028-02-29", 1).as_deref(), Some("2029-02-28"));
    }
}
