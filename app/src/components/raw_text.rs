//! The one way to put text into a raw-text element. `<title>` and `<textarea>` hold text only,
//! and Leptos writes their children into the server's HTML without escaping (tachys marks both
//! as not escaping their children; upstream reverted its fix), so a stored `</textarea>` or
//! `</title>` would end the element and the rest would be parsed as markup. Every page title
//! and every textarea goes through this module; a test below fails when one does not.
use leptos::prelude::*;
use leptos_meta::Title;

/// `text` made safe as the content of `<title>` or `<textarea>`. On the server `&`, `<` and `>`
/// become entities, which the browser decodes back, so the reader sees exactly `text`. In the
/// browser the text is set through the DOM, which needs no escaping.
pub fn raw_text(text: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out
    }
    #[cfg(not(feature = "ssr"))]
    {
        text.to_string()
    }
}

/// The page's `<title>`: `text`, then the application's name (see [`TitleSuffix`]).
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <Title text=raw_text(&text)/> }
}

/// How every page title ends: "{text} — {suffix}". The suffix is a translation, never user text.
#[component]
pub fn TitleSuffix(suffix: &'static str) -> impl IntoView {
    view! { <Title formatter=move |text: String| format!("{text} — {suffix}")/> }
}

/// A `<textarea>` showing `value`. Its other attributes are spread onto it by the caller:
/// `<TextArea value=… {..} id="reason" name="reason" rows="3"/>`.
#[component]
pub fn TextArea(#[prop(into)] value: Signal<String>) -> impl IntoView {
    view! { <textarea>{move || raw_text(&value.get())}</textarea> }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Fails when a page writes a raw-text element itself instead of through this module.
    #[test]
    fn raw_text_elements_are_written_only_here() {
        fn visit(dir: &Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("read src").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    visit(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("components/raw_text.rs")
                {
                    let text = std::fs::read_to_string(&path).expect("read file");
                    for (n, line) in text.lines().enumerate() {
                        // SVG's <title> (in charts) is an ordinary element whose text Leptos
                        // escapes; the HTML page title is leptos_meta's `Title`.
                        if [
                            "<textarea",
                            "<TEXTAREA",
                            "<Title ",
                            "<Title/",
                            "leptos_meta::Title",
                        ]
                        .iter()
                        .any(|raw| line.contains(raw))
                        {
                            found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        visit(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(
            found.is_empty(),
            "use components::raw_text (PageTitle, TextArea) instead of writing these \
             raw-text elements directly:\n{}",
            found.join("\n")
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn markup_is_escaped_for_the_server() {
        assert_eq!(
            super::raw_text("</textarea><b>&amp;"),
            "&lt;/textarea&gt;&lt;b&gt;&amp;amp;"
        );
        assert_eq!(super::raw_text("Ли Вэй"), "Ли Вэй");
    }
}
