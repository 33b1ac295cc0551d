//! What the secretariat publishes (news, events) goes through the same two states: a draft seen
//! only by those who may write it, and published for everyone. The moves between them are the
//! same for both.
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// Whether readers see a post or an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Publication {
    Draft,
    Published,
}

impl Publication {
    pub const fn code(self) -> &'static str {
        match self {
            Publication::Draft => "draft",
            Publication::Published => "published",
        }
    }

    pub fn parse(code: &str) -> Option<Publication> {
        [Publication::Draft, Publication::Published]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// What can be done to a post or an event from its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PublicationMove {
    Publish,
    /// Back to a draft: readers no longer see it.
    Withdraw,
    /// Gone for good (asks for a confirmation first).
    Delete,
}

impl PublicationMove {
    pub const ALL: [PublicationMove; 3] = [
        PublicationMove::Publish,
        PublicationMove::Withdraw,
        PublicationMove::Delete,
    ];

    pub const fn code(self) -> &'static str {
        match self {
            PublicationMove::Publish => "publish",
            PublicationMove::Withdraw => "withdraw",
            PublicationMove::Delete => "delete",
        }
    }

    pub fn parse(code: &str) -> Option<PublicationMove> {
        PublicationMove::ALL.into_iter().find(|m| m.code() == code)
    }

    /// Whether the move applies to something in `status`.
    pub fn applies_to(self, status: Publication) -> bool {
        match self {
            PublicationMove::Publish => status == Publication::Draft,
            PublicationMove::Withdraw => status == Publication::Published,
            PublicationMove::Delete => true,
        }
    }

    /// The moves open to a writer of something in `status`.
    pub fn open_on(status: Publication) -> Vec<PublicationMove> {
        PublicationMove::ALL
            .into_iter()
            .filter(|m| m.applies_to(status))
            .collect()
    }
}

/// The language a reader sees something in: theirs where it is written (`written`: en, ru, zh
/// have a title), else the original.
pub fn shown_language(written: [bool; 3], original: Locale, reader: Locale) -> Locale {
    if written[index(reader)] {
        reader
    } else {
        original
    }
}

/// The index (en 0, ru 1, zh 2) of `l` in per-language arrays.
pub fn index(l: Locale) -> usize {
    Locale::ALL.iter().position(|x| *x == l).unwrap_or(0)
}

/// Texts stored per language (en, ru, zh) as an editor's form holds them: the languages that
/// have one, by code.
pub fn by_language(values: [&Option<String>; 3]) -> std::collections::BTreeMap<String, String> {
    Locale::ALL
        .iter()
        .zip(values)
        .filter_map(|(l, v)| v.clone().map(|v| (l.code().to_string(), v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_published_and_a_published_one_withdrawn() {
        assert_eq!(
            PublicationMove::open_on(Publication::Draft),
            vec![PublicationMove::Publish, PublicationMove::Delete]
        );
        assert_eq!(
            PublicationMove::open_on(Publication::Published),
            vec![PublicationMove::Withdraw, PublicationMove::Delete]
        );
        for m in PublicationMove::ALL {
            assert_eq!(PublicationMove::parse(m.code()), Some(m));
        }
        assert_eq!(
            Publication::parse("published"),
            Some(Publication::Published)
        );
        assert_eq!(Publication::parse("cancelled"), None);
    }
}
