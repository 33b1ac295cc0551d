//! An author's plain text as paragraphs with line breaks and links (`domain::plain_text`):
//! every piece is a text node or an `<a>` with an `http(s)` address, never markup.
use crate::domain::plain_text::{paragraphs, Span};
use leptos::prelude::*;

/// The paragraphs of `text`, marked as written in `lang`.
pub fn plain_text(text: &str, lang: String) -> impl IntoView {
    paragraphs(text)
        .into_iter()
        .map(|spans| {
            let spans = spans
                .into_iter()
                .map(|s| match s {
                    Span::Text(t) => t.into_any(),
                    Span::Link(url) => view! {
                        <a href=url.clone() rel="nofollow ugc noopener">{url.clone()}</a>
                    }
                    .into_any(),
                    Span::LineBreak => view! { <br/> }.into_any(),
                })
                .collect_view();
            view! { <p lang=lang.clone()>{spans}</p> }
        })
        .collect_view()
}
