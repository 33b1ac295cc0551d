//! `/manage/opportunities/{id}`: an opportunity as its public page will show it, with its
//! status and the moves its manager can make — publish, close, reopen, cancel (after a
//! confirmation step that works without JavaScript, with the reason applicants will read),
//! edit and duplicate for next year.
use super::manage_list::status_label;
use super::opportunity::detail_view;
use crate::api::error::AppError;
use crate::api::manage::{opportunity_preview, ChangeOpportunityStatus, DuplicateOpportunity};
use crate::components::form::{form_error, kept_value, problem_for, FormMessage};
use crate::components::raw_text::{PageTitle, TextArea};
use crate::components::status::Loaded;
use crate::domain::opportunity_form::{Move, Preview};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn ManagePreviewPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok());
    let preview = Resource::new(id, |id| async move {
        match id {
            Some(id) => opportunity_preview(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let notice = move || {
        query.with(|q| {
            if q.get("saved").is_some() {
                return Some(Key::ManageSaved);
            }
            match q.get("done").as_deref().and_then(Move::parse) {
                Some(Move::Publish) => Some(Key::ManagePublished),
                Some(Move::Close) => Some(Key::ManageClosed),
                Some(Move::Reopen) => Some(Key::ManageReopened),
                Some(Move::Cancel) => Some(Key::ManageCancelled),
                None => None,
            }
        })
    };
    let confirm = Memo::new(move |_| query.with(|q| q.get("confirm").as_deref() == Some("cancel")));
    let error = form_error::<ChangeOpportunityStatus>(&["reason", "move"]);
    view! {
        <PageTitle text=t(Key::ManagePreview)/>
        {move || notice().map(|k| view! { <p class="notice" role="status">{t(k)}</p> })}
        <Loaded resource=preview render=move |p| preview_view(l, p, confirm, error)/>
    }
}

fn move_label(m: Move) -> Key {
    match m {
        Move::Publish => Key::ManagePublish,
        Move::Close => Key::ManageClose,
        Move::Reopen => Key::ManageReopen,
        Move::Cancel => Key::ManageCancel,
    }
}

fn move_form(id: i64, m: Move, l: Locale) -> impl IntoView {
    view! {
        <form method="post" action=ChangeOpportunityStatus::PATH class="inline">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="action" value=m.code()/>
            <button type="submit" class:primary=m == Move::Publish>{l.text(move_label(m))}</button>
        </form>
    }
}

fn cancel_form(
    id: i64,
    needs_reason: bool,
    l: Locale,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let problem = problem_for(error, "reason");
    view! {
        <section class="card danger" aria-labelledby="cancel-heading">
            <h2 id="cancel-heading">{l.text(Key::ManageCancelHeading)}</h2>
            <p>{l.text(Key::ManageCancelWarning)}</p>
            <form method="post" action=ChangeOpportunityStatus::PATH class="form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="action" value="cancel"/>
                <div class="field" class:invalid=move || problem.get().is_some()>
                    <label for="reason">{l.text(Key::ManageCancelReason)}</label>
                    <TextArea value={kept_value("reason", String::new())} {..} id="reason" name="reason" rows="3" required=needs_reason aria-invalid=move || problem.get().map(|_| "true") aria-describedby="reason-error"/>
                    {move || problem.get().map(|p| view! { <p class="field-error" id="reason-error">{t(p.message())}</p> })}
                </div>
                <div class="actions">
                    <button type="submit" class="danger">{l.text(Key::ManageCancelConfirm)}</button>
                    <a class="button" href=format!("/manage/opportunities/{id}")>{l.text(Key::ManageCancelKeep)}</a>
                </div>
            </form>
        </section>
    }
}

fn preview_view(
    l: Locale,
    p: Preview,
    confirm: Memo<bool>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = p.detail.card.id;
    let needs_reason = p.status.cancel_needs_reason();
    let moves = p
        .moves
        .iter()
        .filter(|m| **m != Move::Cancel)
        .map(|m| move_form(id, *m, l))
        .collect_view();
    let may_cancel = p.moves.contains(&Move::Cancel);
    let reason = p.cancel_reason.clone();
    view! {
        <section class="manage-bar" aria-labelledby="manage-heading">
            <h2 id="manage-heading">{l.text(Key::ManagePreview)}</h2>
            <p>
                {l.text(Key::ManageStatus)}": "
                <span class=format!("status status-{}", p.status.code())>{l.text(status_label(p.status))}</span>
            </p>
            {reason.map(|r| view! { <p>{l.text(Key::ManageCancelReason)}": "{r}</p> })}
            <FormMessage error/>
            <div class="actions">
                {moves}
                {p.editable.then(|| view! { <a class="button" href=format!("/manage/opportunities/{id}/edit")>{l.text(Key::ManageEdit)}</a> })}
                <form method="post" action=DuplicateOpportunity::PATH class="inline">
                    <input type="hidden" name="id" value=id/>
                    <button type="submit">{l.text(Key::ManageDuplicate)}</button>
                </form>
                {move || (may_cancel && !confirm.get()).then(|| view! { <a class="button danger" href=format!("/manage/opportunities/{id}?confirm=cancel#cancel-heading")>{l.text(Key::ManageCancel)}</a> })}
                <a class="button" href="/manage/opportunities">{l.text(Key::ManageBackToList)}</a>
            </div>
        </section>
        {move || (may_cancel && confirm.get()).then(|| cancel_form(id, needs_reason, l, error))}
        {detail_view(l, p.detail, false)}
    }
}
