//! Atom (RFC 4287) text for an alliance's news feed: escaped values, RFC 3339 instants, plain
//! text content (a post's body is plain text, so it is sent as `type="text"`).

/// One entry.
pub struct Entry<'a> {
    pub url: String,
    pub title: &'a str,
    pub lang: &'a str,
    /// ISO date the post is shown under.
    pub published_on: &'a str,
    /// Unix instant of the last change.
    pub updated: i64,
    pub summary: &'a str,
    pub body: &'a str,
}

/// The feed's own values.
pub struct Feed<'a> {
    /// The feed's address, also its id.
    pub self_url: String,
    /// The page the feed follows.
    pub page_url: String,
    pub title: &'a str,
    pub author: &'a str,
    pub lang: &'a str,
    /// Unix instant of the newest change (the feed's `updated`).
    pub updated: i64,
}

/// XML text and attribute escaping; characters XML 1.0 forbids are dropped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `YYYY-MM-DDTHH:MM:SSZ` of a Unix instant.
pub fn rfc3339(unix: i64) -> String {
    let (y, m, d) = super::dates::civil_from_days(unix.div_euclid(86_400));
    let s = unix.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// The feed document.
pub fn feed(f: &Feed<'_>, entries: &[Entry<'_>]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n\
         <id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
         <author><name>{}</name></author>\n",
        escape(f.lang),
        escape(&f.self_url),
        escape(f.title),
        rfc3339(f.updated),
        escape(&f.self_url),
        escape(&f.page_url),
        escape(f.author),
    );
    for e in entries {
        out.push_str(&format!(
            "<entry xml:lang=\"{}\">\n<id>{}</id>\n<title>{}</title>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n\
             <published>{}T00:00:00Z</published>\n<updated>{}</updated>\n\
             <summary type=\"text\">{}</summary>\n<content type=\"text\">{}</content>\n</entry>\n",
            escape(e.lang),
            escape(&e.url),
            escape(e.title),
            escape(&e.url),
            escape(e.published_on),
            rfc3339(e.updated),
            escape(e.summary),
            escape(e.body),
        ));
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_instants_are_rfc3339() {
        assert_eq!(rfc3339(1_404_172_800), "2014-07-01T00:00:00Z");
        assert_eq!(rfc3339(1_404_176_461), "2014-07-01T01:01:01Z");
        let f = Feed {
            self_url: "https://x.test/alliances/asrmu/news.atom".into(),
            page_url: "https://x.test/alliances/asrmu/news".into(),
            title: "ASRMU & <news>",
            author: "ASRMU",
            lang: "en",
            updated: 0,
        };
        let e = Entry {
            url: "https://x.test/news/1".into(),
            title: "</title><script>",
            lang: "ru",
            published_on: "2014-07-01",
            updated: 0,
            summary: "\u{1}a \"b\"",
            body: "x & y",
        };
        let xml = feed(&f, &[e]);
        assert!(
            xml.contains("<title>ASRMU &amp; &lt;news&gt;</title>"),
            "{xml}"
        );
        assert!(
            xml.contains("<title>&lt;/title&gt;&lt;script&gt;</title>"),
            "{xml}"
        );
        assert!(
            xml.contains("<summary type=\"text\">a &quot;b&quot;</summary>"),
            "{xml}"
        );
        assert!(!xml.contains('\u{1}'));
    }
}
