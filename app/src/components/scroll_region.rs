//! A region that a table wider than the screen scrolls inside, so the page never does: focusable
//! (a keyboard can scroll it) and named for screen readers. Its CSS is `.table-wrap`.
use leptos::prelude::*;

/// `table` in a labelled, focusable scroll region.
pub fn scroll_region(label: impl Into<String>, table: impl IntoView) -> impl IntoView {
    let label: String = label.into();
    view! { <div class="table-wrap" tabindex="0" role="region" aria-label=label>{table}</div> }
}
