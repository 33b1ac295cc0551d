//! What the writer of a news post or an event sees under it: edit, publish or withdraw, and
//! delete after a confirmation step that works without JavaScript (`?confirm=delete` shows the
//! form). `action` is the path of the server function that makes the move (`ChangeNews::PATH`,
//! `ChangeEvent::PATH`).
use crate::domain::publishing::{Publication, PublicationMove};
use crate::i18n::{Key, Locale};
use leptos::prelude::*;

/// The note on something shown in its original language (`lang`) because the reader's is
/// missing.
pub fn original_note(l: Locale, lang: &str) -> String {
    let name = Locale::parse(lang).map_or(lang.to_string(), |x| {
        l.text(crate::pages::register::language_name(x)).into()
    });
    l.fill(Key::NewsOriginal, &[("lang", &name)])
}

/// The badge of a post's or an event's status.
pub fn status_badge(l: Locale, status: Publication) -> impl IntoView {
    let (class, label) = match status {
        Publication::Draft => ("status status-draft", Key::StatusDraft),
        Publication::Published => ("status status-published", Key::StatusPublished),
    };
    view! { <span class=class>{l.text(label)}</span> }
}

fn move_form(l: Locale, action: &'static str, id: i64, m: PublicationMove) -> impl IntoView {
    let label = match m {
        PublicationMove::Publish => Key::NewsPublish,
        PublicationMove::Withdraw => Key::NewsWithdraw,
        PublicationMove::Delete => Key::NewsDelete,
    };
    view! {
        <form method="post" action=action class="inline">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="action" value=m.code()/>
            <button type="submit" class=if m == PublicationMove::Publish { "primary" } else { "" }>{l.text(label)}</button>
        </form>
    }
}

fn delete_form(l: Locale, action: &'static str, id: i64, page: String) -> impl IntoView {
    view! {
        <form method="post" action=action class="form confirm">
            <h2 id="delete-heading">{l.text(Key::NewsDeleteQuestion)}</h2>
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="action" value="delete"/>
            <div class="field checkbox">
                <input type="checkbox" id="confirm" name="confirm" required=true/>
                <label for="confirm">{l.text(Key::NewsDeleteConfirm)}</label>
            </div>
            <div class="actions">
                <button type="submit" class="danger">{l.text(Key::NewsDelete)}</button>
                <a class="button" href=page>{l.text(Key::NewsKeep)}</a>
            </div>
        </form>
    }
}

/// The writer's actions on item `id` shown at `page` and edited at `edit`, posted to `action`.
pub fn publication_actions(
    l: Locale,
    action: &'static str,
    (id, page, edit): (i64, &str, &str),
    moves: &[PublicationMove],
    confirm: Memo<bool>,
) -> impl IntoView {
    let forms = moves
        .iter()
        .filter(|m| **m != PublicationMove::Delete)
        .map(|m| move_form(l, action, id, *m))
        .collect_view();
    let may_delete = moves.contains(&PublicationMove::Delete);
    let (page, edit) = (page.to_string(), edit.to_string());
    let ask = format!("{page}?confirm=delete#delete-heading");
    view! {
        <div class="actions">
            <a class="button" href=edit>{l.text(Key::NewsEdit)}</a>
            {forms}
            {move || (may_delete && !confirm.get()).then(|| view! {
                <a class="button danger" href=ask.clone()>{l.text(Key::NewsDelete)}</a>
            })}
        </div>
        {move || (may_delete && confirm.get()).then(|| delete_form(l, action, id, page.clone()))}
    }
}
