//! `/manage/opportunities`: the opportunities a coordinator (their university's) or staff
//! member (their alliance's) manages, in every status, with the way to create one.
use super::opportunities::kind_label;
use crate::api::manage::managed_opportunities;
use crate::components::pager::pager;
use crate::components::raw_text::PageTitle;
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::dates::utc_date;
use crate::domain::opportunity::Status;
use crate::domain::opportunity_form::ManagedList;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ManageListPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse().ok())));
    let list = Resource::new(move || page.get(), managed_opportunities);
    view! {
        <PageTitle text=t(Key::ManageTitle)/>
        <h1>{t(Key::ManageTitle)}</h1>
        <Loaded resource=list render=move |m| list_view(l, m)/>
    }
}

/// The label of a status.
pub fn status_label(s: Status) -> Key {
    match s {
        Status::Draft => Key::StatusDraft,
        Status::Published => Key::StatusPublished,
        Status::Closed => Key::StatusClosed,
        Status::Cancelled => Key::StatusCancelled,
    }
}

fn list_view(l: Locale, m: ManagedList) -> impl IntoView {
    let pager = pager(l, m.page, m.pages, |p| {
        format!("/manage/opportunities?page={p}")
    });
    let empty = m.lines.is_empty();
    view! {
        <p><a class="button primary" href="/manage/opportunities/new">{l.text(Key::ManageNew)}</a></p>
        {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::ManageEmpty)}</p> })}
        {scroll_region(l.text(Key::ManageTitle), view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{l.text(Key::EditorTitleField)}</th>
                    <th scope="col">{l.text(Key::CatalogueKind)}</th>
                    <th scope="col">{l.text(Key::EditorHost)}</th>
                    <th scope="col">{l.text(Key::ManageStatus)}</th>
                    <th scope="col">{l.text(Key::EditorStartsOn)}</th>
                    <th scope="col">{l.text(Key::CatalogueDeadline)}</th>
                </tr></thead>
                <tbody>
                    {m.lines.into_iter().map(|line| view! {
                        <tr>
                            <td lang=line.text_lang.clone()><a href=format!("/manage/opportunities/{}", line.id)>{line.title.clone()}</a></td>
                            <td>{l.text(kind_label(line.kind))}</td>
                            <td>{line.host_name.clone()}" · "{line.alliance.clone()}</td>
                            <td><span class=format!("status status-{}", line.status.code())>{l.text(status_label(line.status))}</span></td>
                            <td>{l.long_date(&line.starts_on)}</td>
                            <td>{l.long_date(&utc_date(line.closes_at))}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {pager}
    }
}
