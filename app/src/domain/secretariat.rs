//! The secretariat's inbox: messages written to an alliance from its public page, as its staff
//! read, reply to and mark them handled.
use serde::{Deserialize, Serialize};

/// Characters a reply may have.
pub const REPLY_MAX: usize = 5_000;
/// Messages per page of the inbox.
pub const PAGE_SIZE: i64 = 25;

/// One message in the inbox's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageLine {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// The first words of the message.
    pub excerpt: String,
    /// Unix seconds.
    pub created_at: i64,
    pub handled: bool,
    pub replies: i64,
}

/// A page of an alliance's inbox: open messages, or all (`all`), newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub slug: String,
    pub alliance: String,
    pub all: bool,
    pub lines: Vec<MessageLine>,
    pub page: i64,
    pub pages: i64,
    /// Messages not yet handled, in all.
    pub open: i64,
}

/// A reply as kept with its message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyView {
    pub author: String,
    pub body: String,
    pub created_at: i64,
}

/// One message with its replies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub slug: String,
    pub alliance: String,
    pub name: String,
    pub email: String,
    pub message: String,
    /// The language the visitor wrote in (their page's), which the reply's e-mail uses.
    pub locale: String,
    pub created_at: i64,
    /// When and by whom it was marked handled.
    pub handled: Option<(i64, String)>,
    pub replies: Vec<ReplyView>,
}

/// The first `max` characters of `text` on one line, with an ellipsis when cut, without
/// bidirectional controls (it is a link's text: a visitor's U+202E must not reorder the list).
pub fn excerpt(text: &str, max: usize) -> String {
    let line = super::validation::without_bidi_controls(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if line.chars().count() <= max {
        line
    } else {
        let cut: String = line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_one_line_and_cut_with_an_ellipsis() {
        assert_eq!(
            excerpt("When does\n\nthe school  open?", 80),
            "When does the school open?"
        );
        assert_eq!(excerpt("абвгдежзий", 5), "абвг…");
        assert_eq!(excerpt("evil\u{202E}txt.exe", 80), "eviltxt.exe");
    }
}
