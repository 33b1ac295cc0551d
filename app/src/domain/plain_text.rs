//! Authors' texts (news, events) are plain text: a blank line starts a paragraph, a line break
//! stays a line break, and an `http(s)://` address becomes a link. Nothing an author types is
//! ever markup, so a body can hold `<script>` and still show as the words it is.

/// A piece of a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Span {
    Text(String),
    /// A web address, shown and linked as typed.
    Link(String),
    LineBreak,
}

/// Characters that end an address when they close it (`see https://x.org/a.` → `…/a`).
const TRAILING: &[char] = &[
    '.', ',', ';', ':', '!', '?', ')', ']', '"', '\'', '»', '。', '，',
];

fn push_text(spans: &mut Vec<Span>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Span::Text(t)) = spans.last_mut() {
        t.push_str(s);
    } else {
        spans.push(Span::Text(s.to_string()));
    }
}

fn line_spans(line: &str, spans: &mut Vec<Span>) {
    let mut rest = line;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        push_text(spans, &rest[..start]);
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(tail.len());
        let url = tail[..end].trim_end_matches(TRAILING);
        let scheme_only = url.trim_end_matches('/').ends_with(':');
        if scheme_only || url.len() <= "https://".len() {
            push_text(spans, &tail[..end]);
        } else {
            spans.push(Span::Link(url.to_string()));
            push_text(spans, &tail[url.len()..end]);
        }
        rest = &tail[end..];
    }
    push_text(spans, rest);
}

/// The paragraphs of `text`, each a list of spans.
pub fn paragraphs(text: &str) -> Vec<Vec<Span>> {
    let text = text.replace("\r\n", "\n");
    let mut out = Vec::new();
    for block in text.split("\n\n") {
        let lines: Vec<&str> = block
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        let mut spans = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                spans.push(Span::LineBreak);
            }
            line_spans(line, &mut spans);
        }
        out.push(spans);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_make_paragraphs_and_single_breaks_stay() {
        let p = paragraphs("First line\nsecond line\n\n\n\nNext one\r\n\r\nLast");
        assert_eq!(p.len(), 3);
        assert_eq!(
            p[0],
            vec![
                Span::Text("First line".into()),
                Span::LineBreak,
                Span::Text("second line".into())
            ]
        );
        assert_eq!(p[2], vec![Span::Text("Last".into())]);
    }

    #[test]
    fn addresses_become_links_without_their_closing_punctuation() {
        let p = paragraphs("See https://asrmu.org/news/5. Or (http://sechenov.ru)!");
        assert_eq!(
            p[0],
            vec![
                Span::Text("See ".into()),
                Span::Link("https://asrmu.org/news/5".into()),
                Span::Text(". Or (".into()),
                Span::Link("http://sechenov.ru".into()),
                Span::Text(")!".into()),
            ]
        );
    }

    #[test]
    fn markup_and_other_schemes_stay_text() {
        let p = paragraphs("<script>x()</script> javascript:alert(1) https:// <b>");
        assert_eq!(
            p[0],
            vec![Span::Text(
                "<script>x()</script> javascript:alert(1) https:// <b>".into()
            )]
        );
        let p = paragraphs("https://a.org/<img>");
        assert_eq!(p[0][0], Span::Link("https://a.org/".into()));
    }
}
