//! `/alliances/{slug}/messages` (the secretariat's inbox: open messages, or all, newest first)
//! and `/alliances/{slug}/messages/{id}` (one message, its replies, the reply form and the way
//! to mark it handled). Plain links and forms: it works without JavaScript.
use super::opportunity::moment;
use crate::api::error::AppError;
use crate::api::secretariat::{contact_message, secretariat_inbox, MarkMessage, ReplyToMessage};
use crate::components::form::{form_error, kept_value, text_area, FormMessage};
use crate::components::pager::pager;
use crate::components::plain_text::plain_text;
use crate::components::raw_text::PageTitle;
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::secretariat::{Inbox, MessageView};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

fn when(l: Locale, unix: i64) -> String {
    format!("{} UTC", moment(l, unix, 0))
}

#[component]
pub fn MessagesPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        (
            params.read().get("slug").unwrap_or_default(),
            query.with(|q| q.get("all").is_some()),
            query.with(|q| q.get("page").and_then(|p| p.parse::<i64>().ok())),
        )
    };
    let inbox = Resource::new(args, |(slug, all, page)| {
        secretariat_inbox(slug, Some(all), page)
    });
    let handled = move || query.with(|q| q.get("handled").is_some());
    view! {
        <Show when=handled><p class="notice" role="status">{t(Key::MessagesHandledNotice)}</p></Show>
        <Loaded resource=inbox render=move |i| inbox_view(l, i)/>
    }
}

fn inbox_view(l: Locale, i: Inbox) -> impl IntoView {
    let heading = l.fill(Key::MessagesTitle, &[("alliance", &i.alliance)]);
    let base = format!("/alliances/{}/messages", crate::url::encode(&i.slug));
    let switch = if i.all {
        view! { <a href=base.clone()>{l.text(Key::MessagesOpenOnly)}</a> }
    } else {
        view! { <a href=format!("{base}?all=1")>{l.text(Key::MessagesAll)}</a> }
    };
    let open = l.fill(Key::MessagesOpenCount, &[("count", &i.open.to_string())]);
    let empty = i.lines.is_empty();
    let all = i.all;
    let pager = {
        let base = base.clone();
        pager(l, i.page, i.pages, move |p| {
            format!("{base}?{}page={p}", if all { "all=1&" } else { "" })
        })
    };
    view! {
        <PageTitle text=heading.clone()/>
        <h1>{heading}</h1>
        <p class="meta">{open}" · "{switch}</p>
        {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::MessagesEmpty)}</p> })}
        {scroll_region(l.text(Key::MessagesList), view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{l.text(Key::MessagesFrom)}</th>
                    <th scope="col">{l.text(Key::MessagesMessage)}</th>
                    <th scope="col">{l.text(Key::MessagesReceived)}</th>
                    <th scope="col">{l.text(Key::ManageStatus)}</th>
                </tr></thead>
                <tbody>
                    {i.lines.into_iter().map(|m| {
                        let status = if m.handled { Key::MessagesHandled } else { Key::MessagesOpen };
                        view! {
                            <tr>
                                <td>{m.name.clone()}<br/><span class="meta">{m.email.clone()}</span></td>
                                <td><a href=format!("{base}/{}", m.id)>{m.excerpt.clone()}</a></td>
                                <td>{when(l, m.created_at)}</td>
                                <td>
                                    <span class=if m.handled { "status status-published" } else { "status status-draft" }>{l.text(status)}</span>
                                    {(m.replies > 0).then(|| format!(" · {}", l.fill(Key::MessagesReplies, &[("count", &m.replies.to_string())])))}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {pager}
    }
}

#[component]
pub fn MessagePage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let args = move || {
        params.with(|p| {
            (
                p.get("slug").unwrap_or_default(),
                p.get("id").and_then(|v| v.parse::<i64>().ok()),
            )
        })
    };
    let message = Resource::new(args, |(slug, id)| async move {
        match id {
            Some(id) => contact_message(slug, id).await,
            None => Err(AppError::NotFound),
        }
    });
    let replied = move || query.with(|q| q.get("replied").is_some());
    let error = form_error::<ReplyToMessage>(&["body"]);
    view! {
        <Show when=replied><p class="notice" role="status">{t(Key::MessagesReplied)}</p></Show>
        <Loaded resource=message render=move |m| message_view(l, m, error)/>
    }
}

fn message_view(l: Locale, m: MessageView, error: Signal<Option<AppError>>) -> impl IntoView {
    let base = format!("/alliances/{}/messages", crate::url::encode(&m.slug));
    let heading = l.fill(Key::MessagesFromName, &[("name", &m.name)]);
    let handled = m.handled.clone().map(|(at, by)| {
        view! { <p class="notice">{l.fill(Key::MessagesHandledBy, &[("name", &by), ("when", &when(l, at))])}</p> }
    });
    let replies = m
        .replies
        .iter()
        .map(|r| {
            view! {
                <article class="news-card">
                    <p class="meta">{l.fill(Key::MessagesReplyBy, &[("name", &r.author), ("when", &when(l, r.created_at))])}</p>
                    {plain_text(&r.body, l.code().to_string())}
                </article>
            }
        })
        .collect_view();
    let language = Locale::parse(&m.locale)
        .map(|x| l.text(super::register::language_name(x)).to_string())
        .unwrap_or_else(|| m.locale.clone());
    let body = kept_value("body", String::new());
    let is_handled = m.handled.is_some();
    view! {
        <PageTitle text=heading.clone()/>
        <p><a href=base.clone()>{l.fill(Key::MessagesTitle, &[("alliance", &m.alliance)])}</a></p>
        <h1>{heading}</h1>
        <p class="meta"><a href=format!("mailto:{}", m.email)>{m.email.clone()}</a>" · "{when(l, m.created_at)}</p>
        {handled}
        <article class="news-item">{plain_text(&m.message, m.locale.clone())}</article>
        <section aria-labelledby="replies-heading">
            <h2 id="replies-heading">{l.text(Key::MessagesRepliesHeading)}</h2>
            {replies}
            <form method="post" action=ReplyToMessage::PATH class="form">
                <FormMessage error/>
                <input type="hidden" name="slug" value=m.slug.clone()/>
                <input type="hidden" name="id" value=m.id/>
                <p class="hint">{l.fill(Key::MessagesReplyHint, &[("email", &m.email), ("lang", &language)])}</p>
                {move || text_area("body", "body".into(), l.text(Key::MessagesReply).into(), body.get(), 6, None, error)}
                <div class="actions"><button type="submit" class="primary">{l.text(Key::MessagesSend)}</button></div>
            </form>
        </section>
        <form method="post" action=MarkMessage::PATH class="inline">
            <input type="hidden" name="slug" value=m.slug.clone()/>
            <input type="hidden" name="id" value=m.id/>
            <input type="hidden" name="handled" value=if is_handled { "false" } else { "true" }/>
            <button type="submit">{l.text(if is_handled { Key::MessagesReopen } else { Key::MessagesMarkHandled })}</button>
        </form>
    }
}
