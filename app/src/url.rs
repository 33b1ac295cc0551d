//! Percent-encoding of URL query components, shared by the server (redirects back to forms)
//! and the pages (links that keep the catalogue's filters), and the one parser of the places a
//! request may send the browser to afterwards (`next`, `back`, every redirect).

/// Encodes one query component: unreserved characters stay, every other byte becomes `%XX`.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes one form-urlencoded component; `None` when it is not valid UTF-8.
pub fn decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// `target` as a redirect to a path on this site, or `None` when a browser could read it as
/// anything else. It must start with exactly one `/` and contain no backslash, whitespace or
/// control character anywhere: browsers drop tabs and newlines from URLs and read `\` as `/`,
/// so `/\t/evil.example` or `/\evil.example` would become the scheme-relative
/// `//evil.example`. Characters beyond ASCII are percent-encoded, so the result is always a
/// valid `Location` header value.
pub fn local_target(target: &str) -> Option<String> {
    let rest = target.strip_prefix('/')?;
    if rest.starts_with('/')
        || target
            .chars()
            .any(|c| c == '\\' || c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let mut out = String::with_capacity(target.len());
    for c in target.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Some(out)
}

/// `query` when it can be put after a `?` as it is: visible ASCII only, no fragment, no
/// backslash (which [`local_target`] refuses anywhere).
pub fn query_part(query: &str) -> Option<&str> {
    query
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'#' && b != b'\\')
        .then_some(query)
}

#[cfg(test)]
mod tests {
    use super::{local_target, query_part};

    #[test]
    fn only_paths_on_this_site() {
        assert_eq!(local_target("/admin").as_deref(), Some("/admin"));
        assert_eq!(
            local_target("/opportunities?q=a&kind=b").as_deref(),
            Some("/opportunities?q=a&kind=b")
        );
        assert_eq!(
            local_target("/opportunities?q=кардио").as_deref(),
            Some("/opportunities?q=%D0%BA%D0%B0%D1%80%D0%B4%D0%B8%D0%BE")
        );
        for bad in [
            "",
            "admin",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example/",
            "/\n/x",
            "/\r/x",
            "/\0",
            "/ /evil.example",
            "/a\\b",
            "https://evil.example",
            "javascript:alert(1)",
            "/\u{85}x",
            "/\u{2028}x",
        ] {
            assert_eq!(local_target(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn queries_are_visible_ascii() {
        assert_eq!(
            query_part("status=nominated&q=li"),
            Some("status=nominated&q=li")
        );
        assert_eq!(query_part("a=%00"), Some("a=%00"));
        assert_eq!(query_part("a=\0"), None);
        assert_eq!(query_part("a=b#c"), None);
        assert_eq!(query_part("a=\\b"), None);
        assert_eq!(query_part("a= b"), None);
        assert_eq!(query_part("a=ё"), None);
    }
}
