//! iCalendar (RFC 5545) text for a feed of application deadlines: escaped values, lines folded
//! at 75 octets, CRLF line ends.

/// One event: a deadline at a UTC instant.
pub struct Deadline<'a> {
    pub uid: String,
    pub at: i64,
    pub summary: &'a str,
    pub description: &'a str,
    pub url: String,
}

/// An event of whole days (ISO dates, both inclusive).
pub struct AllDay<'a> {
    pub uid: String,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub summary: &'a str,
    pub description: &'a str,
    pub url: String,
}

/// `YYYYMMDD` of an ISO date `days` after `iso` (`None` for a malformed date).
fn date_value(iso: &str, days: i64) -> Option<String> {
    let d = super::dates::parse_date(iso)? + days;
    let (y, m, d) = super::dates::civil_from_days(d);
    Some(format!("{y:04}{m:02}{d:02}"))
}

/// TEXT value escaping (RFC 5545 §3.3.11).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded into pieces of at most 75 octets, never inside a character.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// `YYYYMMDDTHHMMSSZ` of a Unix instant.
fn stamp(unix: i64) -> String {
    let (y, m, d) = super::dates::civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// A calendar named `name` with one event per deadline and one per whole-day event (its end
/// written as the day after, as RFC 5545 wants for `VALUE=DATE`).
pub fn calendar(name: &str, now: i64, deadlines: &[Deadline<'_>], days: &[AllDay<'_>]) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Alliance Mobility//Deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_folded(&mut out, line);
    }
    push_folded(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for d in deadlines {
        push_folded(&mut out, "BEGIN:VEVENT");
        push_folded(&mut out, &format!("UID:{}", d.uid));
        push_folded(&mut out, &format!("DTSTAMP:{}", stamp(now)));
        push_folded(&mut out, &format!("DTSTART:{}", stamp(d.at)));
        push_folded(&mut out, &format!("DTEND:{}", stamp(d.at)));
        push_folded(&mut out, &format!("SUMMARY:{}", escape(d.summary)));
        push_folded(&mut out, &format!("DESCRIPTION:{}", escape(d.description)));
        push_folded(&mut out, &format!("URL:{}", d.url));
        push_folded(&mut out, "END:VEVENT");
    }
    for e in days {
        let (Some(start), Some(end)) = (date_value(e.starts_on, 0), date_value(e.ends_on, 1))
        else {
            continue;
        };
        push_folded(&mut out, "BEGIN:VEVENT");
        push_folded(&mut out, &format!("UID:{}", e.uid));
        push_folded(&mut out, &format!("DTSTAMP:{}", stamp(now)));
        push_folded(&mut out, &format!("DTSTART;VALUE=DATE:{start}"));
        push_folded(&mut out, &format!("DTEND;VALUE=DATE:{end}"));
        push_folded(&mut out, &format!("SUMMARY:{}", escape(e.summary)));
        push_folded(&mut out, &format!("DESCRIPTION:{}", escape(e.description)));
        push_folded(&mut out, &format!("URL:{}", e.url));
        push_folded(&mut out, "END:VEVENT");
    }
    push_folded(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_escaped_and_folded() {
        let long = "Зимняя школа; клиническая, практика ".repeat(4);
        let text = calendar(
            "Deadlines",
            0,
            &[Deadline {
                uid: "deadline-7@example".into(),
                at: 1_795_478_400,
                summary: &long,
                description: "a\nb",
                url: "https://m.example/opportunities/7".into(),
            }],
            &[AllDay {
                uid: "event-3@example".into(),
                starts_on: "2027-06-10",
                ends_on: "2027-06-30",
                summary: "Seminar",
                description: "",
                url: "https://m.example/events/3".into(),
            }],
        );
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART:20261124T000000Z\r\n"));
        assert!(text.contains("DESCRIPTION:a\\nb\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20270610\r\n"));
        assert!(
            text.contains("DTEND;VALUE=DATE:20270701\r\n"),
            "the day after the end"
        );
        assert!(text.contains("Зимняя школа\\; клиническая\\, практика"));
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("SUMMARY:{}", escape(&long))));
    }
}
