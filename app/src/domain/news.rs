//! News of an alliance: the editor's form and its rules, and the shapes the pages show. A post
//! is written in one language or more; a reader sees their own language where it was written,
//! else the original, with a note saying so.
use super::dates;
use super::publishing::{index, shown_language, Publication, PublicationMove};
use super::validation::{optional_text as text, parse_id, Errors, FieldError, Problem};
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Length limits (characters).
pub const TITLE_MAX: usize = 200;
pub const SUMMARY_MAX: usize = 600;
pub const BODY_MAX: usize = 20_000;
/// Items per page of a list.
pub const PAGE_SIZE: i64 = 20;
/// Items in a feed.
pub const FEED_SIZE: i64 = 30;

/// The editor's form as typed; texts per language (`en`, `ru`, `zh`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewsForm {
    pub alliance_id: String,
    pub published_on: String,
    pub original_lang: String,
    pub title: BTreeMap<String, String>,
    pub summary: BTreeMap<String, String>,
    pub body: BTreeMap<String, String>,
}

/// Texts in one language, `None` where nothing was written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsTexts {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub body: Option<String>,
}

/// A form that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidNews {
    pub alliance_id: i64,
    pub published_on: String,
    pub original_lang: Locale,
    /// en, ru, zh.
    pub texts: [NewsTexts; 3],
}

impl NewsForm {
    /// Checks every rule and reports every problem at once, per field (`title_ru`, …). A
    /// language with any text needs its title and body; the original language needs them too.
    pub fn validate(&self) -> Result<ValidNews, Vec<FieldError>> {
        let mut e = Errors::default();
        let alliance = e.check("alliance_id", parse_id(&self.alliance_id));
        let published_on = e.check(
            "published_on",
            match self.published_on.trim() {
                "" => Err(Problem::Required),
                d => dates::parse_date(d)
                    .map(dates::format_date)
                    .ok_or(Problem::Malformed),
            },
        );
        let original = e.check(
            "original_lang",
            Locale::parse(self.original_lang.trim()).ok_or(Problem::Required),
        );
        let mut texts: [NewsTexts; 3] = Default::default();
        for (i, l) in Locale::ALL.iter().enumerate() {
            let code = l.code();
            let key = |f: &str| format!("{f}_{code}");
            let t = NewsTexts {
                title: e
                    .check(&key("title"), text(self.title.get(code), TITLE_MAX))
                    .flatten(),
                summary: e
                    .check(&key("summary"), text(self.summary.get(code), SUMMARY_MAX))
                    .flatten(),
                body: e
                    .check(&key("body"), text(self.body.get(code), BODY_MAX))
                    .flatten(),
            };
            let written = t.title.is_some() || t.summary.is_some() || t.body.is_some();
            if written || original == Some(*l) {
                for (field, missing) in [("title", t.title.is_none()), ("body", t.body.is_none())] {
                    if missing && !e.has(&key(field)) {
                        e.check::<()>(&key(field), Err(Problem::Required));
                    }
                }
            }
            texts[i] = t;
        }
        e.finish(|| {
            Some(ValidNews {
                alliance_id: alliance?,
                published_on: published_on?,
                original_lang: original?,
                texts: texts.clone(),
            })
        })
    }
}

/// The texts of a post in the language a reader sees: theirs where written, else the
/// original's. `lang` is the language shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub lang: String,
    pub title: String,
    pub summary: String,
    pub body: String,
}

/// Picks the texts for `reader` among `texts` (en, ru, zh) written originally in `original`.
pub fn shown(texts: &[NewsTexts; 3], original: Locale, reader: Locale) -> Shown {
    let written = [0, 1, 2].map(|i| texts[i].title.is_some());
    let lang = shown_language(written, original, reader);
    let t = &texts[index(lang)];
    Shown {
        lang: lang.code().to_string(),
        title: t.title.clone().unwrap_or_default(),
        summary: t.summary.clone().unwrap_or_default(),
        body: t.body.clone().unwrap_or_default(),
    }
}

/// The summary a list shows: the author's, else the body's first paragraph cut to length.
pub fn summary_of(shown: &Shown) -> String {
    if !shown.summary.is_empty() {
        return shown.summary.clone();
    }
    let first = shown.body.split("\n\n").next().unwrap_or_default().trim();
    if first.chars().count() <= 280 {
        first.to_string()
    } else {
        let cut: String = first.chars().take(279).collect();
        format!("{}…", cut.trim_end())
    }
}

/// One line of a list of posts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsLine {
    pub id: i64,
    pub alliance_slug: String,
    pub alliance: String,
    pub published_on: String,
    pub status: Publication,
    pub text: Shown,
    /// Shown in the original language because the reader's is missing.
    pub fallback: bool,
}

/// A page of posts (`alliance`: the one alliance listed, as slug and name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsListing {
    pub alliance: Option<(String, String)>,
    pub lines: Vec<NewsLine>,
    pub page: i64,
    pub pages: i64,
}

/// One post as its page shows it, with what the reader may do to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsPost {
    pub line: NewsLine,
    pub picture: Option<PictureRef>,
    /// The reader may edit, publish, withdraw and delete it.
    pub editable: bool,
    pub moves: Vec<PublicationMove>,
}

/// A post's picture as a page links it: its size (for the layout before it loads), its
/// description, and its version (the moment it was stored: part of its address, so a replaced
/// picture is fetched again).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PictureRef {
    pub width: i64,
    pub height: i64,
    pub alt: String,
    pub version: i64,
}

impl PictureRef {
    pub fn src(&self, post: i64) -> String {
        format!("/news/{post}/picture?v={}", self.version)
    }
}

/// The widest a stored picture is: wider uploads are scaled down to it.
pub const PICTURE_WIDTH: u32 = 1200;
/// The longest picture description.
pub const PICTURE_ALT_MAX: usize = 300;

/// The size a `width` × `height` picture is stored at: at most [`PICTURE_WIDTH`] wide, its
/// proportions kept, never enlarged.
pub fn picture_size(width: u32, height: u32) -> (u32, u32) {
    if width <= PICTURE_WIDTH || width == 0 {
        return (width, height);
    }
    let h =
        (u64::from(height) * u64::from(PICTURE_WIDTH) + u64::from(width) / 2) / u64::from(width);
    (PICTURE_WIDTH, u32::try_from(h.max(1)).unwrap_or(u32::MAX))
}

/// The editor: the form (stored, kept from a refused post, or a new one's defaults) and the
/// alliances the writer may choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewsEditing {
    pub id: Option<i64>,
    /// The stored post's picture.
    pub picture: Option<PictureRef>,
    pub form: NewsForm,
    pub alliances: Vec<(i64, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> NewsForm {
        let one = |v: &str| BTreeMap::from([("ru".to_string(), v.to_string())]);
        NewsForm {
            alliance_id: "1".into(),
            published_on: "2016-11-10".into(),
            original_lang: "ru".into(),
            title: one("Совет в Воронеже"),
            summary: BTreeMap::new(),
            body: one("Текст\r\n\r\nВторой абзац"),
        }
    }

    fn problems(f: &NewsForm) -> Vec<(String, Problem)> {
        f.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_post_in_its_original_language_passes() {
        let v = form().validate().expect("valid");
        assert_eq!(v.original_lang, Locale::Ru);
        assert_eq!(v.texts[1].body.as_deref(), Some("Текст\n\nВторой абзац"));
        assert_eq!(v.texts[0], NewsTexts::default());
    }

    #[test]
    fn the_original_needs_title_and_body_and_a_started_translation_too() {
        let mut f = form();
        f.original_lang = "zh".into();
        f.title.insert("en".into(), "Council".into());
        f.published_on = "2016-13-40".into();
        let p = problems(&f);
        assert!(p.contains(&("title_zh".into(), Problem::Required)), "{p:?}");
        assert!(p.contains(&("body_zh".into(), Problem::Required)), "{p:?}");
        assert!(p.contains(&("body_en".into(), Problem::Required)), "{p:?}");
        assert!(
            p.contains(&("published_on".into(), Problem::Malformed)),
            "{p:?}"
        );
        assert!(!p.iter().any(|(f, _)| f == "title_ru"), "{p:?}");
    }

    #[test]
    fn lengths_are_limited() {
        let mut f = form();
        f.title.insert("ru".into(), "я".repeat(TITLE_MAX + 1));
        assert_eq!(problems(&f), vec![("title_ru".into(), Problem::TooLong)]);
    }

    #[test]
    fn the_reader_sees_their_language_else_the_original() {
        let v = form().validate().expect("valid");
        let zh = shown(&v.texts, v.original_lang, Locale::Zh);
        assert_eq!(
            (zh.lang.as_str(), zh.title.as_str()),
            ("ru", "Совет в Воронеже")
        );
        let mut f = form();
        f.title.insert("zh".into(), "沃罗涅日理事会".into());
        f.body.insert("zh".into(), "正文".into());
        let v = f.validate().expect("valid");
        assert_eq!(shown(&v.texts, v.original_lang, Locale::Zh).lang, "zh");
        assert_eq!(
            summary_of(&shown(&v.texts, v.original_lang, Locale::Ru)),
            "Текст"
        );
    }

    #[test]
    fn pictures_are_scaled_down_to_the_width_never_up() {
        assert_eq!(super::picture_size(2400, 1200), (1200, 600));
        assert_eq!(super::picture_size(3000, 1), (1200, 1));
        assert_eq!(super::picture_size(800, 600), (800, 600));
        assert_eq!(super::picture_size(1201, 1000), (1200, 999));
    }
}
