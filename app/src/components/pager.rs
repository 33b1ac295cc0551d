//! The pager under a long list: previous, "page N of M", next — plain links, so it works
//! without JavaScript. Nothing is shown for a list of one page.
use crate::i18n::{Key, Locale};
use leptos::prelude::*;

/// Links to the pages around `page` of `pages`; `href` makes the address of a page.
pub fn pager(l: Locale, page: i64, pages: i64, href: impl Fn(i64) -> String) -> impl IntoView {
    (pages > 1).then(|| {
        let prev = (page > 1).then(|| href(page - 1));
        let next = (page < pages).then(|| href(page + 1));
        let of = l.fill(
            Key::AdminPageOf,
            &[("page", &page.to_string()), ("pages", &pages.to_string())],
        );
        view! {
            <nav class="pager" aria-label=l.text(Key::AdminPages)>
                {prev.map(|h| view! { <a href=h rel="prev">{l.text(Key::AdminPrev)}</a> })}
                <span>{of}</span>
                {next.map(|h| view! { <a href=h rel="next">{l.text(Key::AdminNext)}</a> })}
            </nav>
        }
    })
}
