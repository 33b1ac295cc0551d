//! `/applications`: the reader's own applications, and `/inbox`: what happened to the
//! applications the reader has a part in.
use crate::api::applications::{my_applications, my_inbox, MarkInboxRead};
use crate::components::raw_text::PageTitle;
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::application::Action;
use crate::domain::application_view::{Inbox, MyLine};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    let l = use_locale();
    let list = Resource::new(|| (), |_| my_applications());
    view! {
        <PageTitle text=t(Key::ApplyMine)/>
        <h1>{t(Key::ApplyMine)}</h1>
        <Loaded resource=list render=move |lines| mine_view(l, lines)/>
    }
}

fn mine_view(l: Locale, lines: Vec<MyLine>) -> impl IntoView {
    if lines.is_empty() {
        return view! {
            <p class="notice" role="status">{l.text(Key::ApplyNone)}" "<a href="/opportunities">{l.text(Key::NavOpportunities)}</a></p>
        }
        .into_any();
    }
    view! {
        {scroll_region(l.text(Key::ApplyMine), view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{l.text(Key::ReviewOpportunity)}</th>
                    <th scope="col">{l.text(Key::ReviewHost)}</th>
                    <th scope="col">{l.text(Key::ReviewState)}</th>
                    <th scope="col">{l.text(Key::ApplyUpdated)}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|m| view! {
                        <tr>
                            <td><a href=format!("/applications/{}", m.id)>{m.opportunity_title.clone()}</a></td>
                            <td>{m.host_name.clone()}</td>
                            <td><span class=format!("status status-{}", m.state.code())>{l.text(m.state.label())}</span></td>
                            <td>{crate::domain::dates::utc_date(m.updated_at)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
    .into_any()
}

#[component]
pub fn InboxPage() -> impl IntoView {
    let l = use_locale();
    let inbox = Resource::new(|| (), |_| my_inbox());
    view! {
        <PageTitle text=t(Key::NavInbox)/>
        <h1>{t(Key::NavInbox)}</h1>
        <Loaded resource=inbox render=move |i| inbox_view(l, i)/>
    }
}

fn inbox_view(l: Locale, inbox: Inbox) -> impl IntoView {
    let unread = inbox.unread;
    let items = inbox
        .items
        .into_iter()
        .map(|i| {
            let what = match i.kind.as_str() {
                "message" => l.text(Key::ApplyMessage).to_string(),
                "reminder" => l.text(Key::MailReminderSubject).to_string(),
                "cancelled" => l.text(Key::MailCancelledSubject).to_string(),
                "agreement" => l.text(Key::MailLaSubject).to_string(),
                code => Action::parse(code)
                    .map(|a| l.text(a.label()).to_string())
                    .unwrap_or_default(),
            };
            let class = if i.read { "inbox-item" } else { "inbox-item unread" };
            view! {
                <li class=class>
                    <a href=format!("/applications/{}", i.application_id)>{what}": "{i.opportunity_title.clone()}</a>
                    " · "<time>{crate::domain::dates::format_local(i.at, 0).replace('T', " ")}</time>
                    {(!i.read).then(|| view! { " " <span class="badge">{l.text(Key::NavUnread)}</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <p>{l.fill(Key::InboxUnread, &[("n", &unread.to_string())])}</p>
        {(unread > 0).then(|| view! {
            <form method="post" action=MarkInboxRead::PATH class="inline">
                <button type="submit">{l.text(Key::InboxMarkRead)}</button>
            </form>
        })}
        <ul class="inbox">{items}</ul>
    }
}
