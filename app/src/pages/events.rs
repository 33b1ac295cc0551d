//! `/events` (upcoming, soonest first; `?past=1` for those over) and `/events/{id}`: the
//! alliances' meetings, congresses, seminars and schools, each in the reader's language where
//! written, else the original with a note. The event's page is also the writer's preview.
use crate::api::error::AppError;
use crate::api::events::{event_list, event_page, ChangeEvent};
use crate::components::form::{form_error, FormMessage};
use crate::components::pager::pager;
use crate::components::plain_text::plain_text;
use crate::components::publication::{original_note, publication_actions};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::event::{EventLine, EventListing, EventView};
use crate::domain::publishing::Publication;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

/// "10 – 12 June 2027", or one date for a one-day event.
pub fn date_range(l: Locale, starts: &str, ends: &str) -> String {
    if starts == ends {
        l.long_date(starts)
    } else {
        format!("{} – {}", l.long_date(starts), l.long_date(ends))
    }
}

#[component]
pub fn EventsPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let args = move || {
        query.with(|q| {
            (
                q.get("alliance"),
                q.get("past").is_some(),
                q.get("page").and_then(|p| p.parse::<i64>().ok()),
            )
        })
    };
    let list = Resource::new(args, |(a, past, page)| event_list(a, Some(past), page));
    view! {
        <PageTitle text=t(Key::EventsTitle)/>
        <h1>{t(Key::EventsTitle)}</h1>
        <p class="lead">{t(Key::EventsIntro)}</p>
        <Loaded resource=list render=move |e| list_view(l, e)/>
    }
}

fn list_view(l: Locale, e: EventListing) -> impl IntoView {
    let alliance = e
        .alliance
        .as_ref()
        .map(|a| format!("alliance={}&", crate::url::encode(a)))
        .unwrap_or_default();
    let past = e.past;
    let switch = if past {
        view! { <a href=format!("/events?{}", alliance.trim_end_matches('&'))>{l.text(Key::EventsUpcoming)}</a> }
    } else {
        view! { <a href=format!("/events?{alliance}past=1")>{l.text(Key::EventsPast)}</a> }
    };
    let heading = if past {
        Key::EventsPastHeading
    } else {
        Key::EventsUpcomingHeading
    };
    let empty = e.lines.is_empty();
    let pager = pager(l, e.page, e.pages, move |p| {
        format!(
            "/events?{alliance}{}page={p}",
            if past { "past=1&" } else { "" }
        )
    });
    view! {
        <p class="meta">{switch}" · "<a href="/calendar">{l.text(Key::NavCalendar)}</a></p>
        <h2>{l.text(heading)}</h2>
        {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::EventsEmpty)}</p> })}
        <div class="news-list">
            {e.lines.into_iter().map(|line| event_card(l, line)).collect_view()}
        </div>
        {pager}
    }
}

fn event_card(l: Locale, line: EventLine) -> impl IntoView {
    let note = line.fallback.then(|| original_note(l, &line.text.lang));
    let draft = (line.status == Publication::Draft).then(|| {
        view! { " · " <span class="status status-draft">{l.text(Key::StatusDraft)}</span> }
    });
    view! {
        <article class="news-card">
            <h3 lang=line.text.lang.clone()><a href=format!("/events/{}", line.id)>{line.text.title.clone()}</a></h3>
            <p class="meta">
                <time datetime=line.starts_on.clone()>{date_range(l, &line.starts_on, &line.ends_on)}</time>
                " · "{l.text(line.kind.label())}
                " · "<span lang=line.text.lang.clone()>{line.text.place.clone()}</span>
                " · "{line.alliance.clone()}
                {draft}
            </p>
            {note.map(|n| view! { <p class="hint">{n}</p> })}
        </article>
    }
}

#[component]
pub fn EventPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok());
    let event = Resource::new(id, |id| async move {
        match id {
            Some(id) => event_page(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let notice = move || {
        query.with(|q| {
            if q.get("saved").is_some() {
                Some(Key::EventsSaved)
            } else {
                match q.get("done").as_deref() {
                    Some("publish") => Some(Key::EventsPublished),
                    Some("withdraw") => Some(Key::EventsWithdrawn),
                    _ => None,
                }
            }
        })
    };
    let confirm = Memo::new(move |_| query.with(|q| q.get("confirm").as_deref() == Some("delete")));
    let error = form_error::<ChangeEvent>(&["move", "confirm"]);
    view! {
        {move || notice().map(|k| view! { <p class="notice" role="status">{t(k)}</p> })}
        <FormMessage error/>
        <Loaded resource=event render=move |e| event_view(l, e, confirm)/>
    }
}

fn event_view(l: Locale, e: EventView, confirm: Memo<bool>) -> impl IntoView {
    let line = e.line;
    let id = line.id;
    let lang = line.text.lang.clone();
    let note = line.fallback.then(|| original_note(l, &lang));
    let draft = (line.status == Publication::Draft)
        .then(|| view! { <p class="notice" role="status">{l.text(Key::EventsDraftNotice)}</p> });
    let actions = e.editable.then(|| {
        publication_actions(
            l,
            ChangeEvent::PATH,
            (
                id,
                &format!("/events/{id}"),
                &format!("/manage/events/{id}/edit"),
            ),
            &e.moves,
            confirm,
        )
    });
    let host = line.host.clone().map(|(hid, name)| {
        view! { <div><dt>{l.text(Key::EventsHost)}</dt><dd><a href=format!("/universities/{hid}")>{name}</a></dd></div> }
    });
    let register = e.register_url.clone().map(|url| {
        view! { <p><a class="button primary" href=url rel="external noopener">{l.text(Key::EventsRegister)}</a></p> }
    });
    let apply = e.opportunity.clone().map(|(oid, title)| {
        view! { <p><a class="button" href=format!("/opportunities/{oid}")>{l.fill(Key::EventsApply, &[("title", &title)])}</a></p> }
    });
    let calendar = format!(
        "/calendar?month={}&date={}#events",
        line.starts_on.get(..7).unwrap_or_default(),
        line.starts_on
    );
    view! {
        <PageTitle text=line.text.title.clone()/>
        {draft}
        <article class="news-item">
            <p class="meta">{l.text(line.kind.label())}" · "{line.alliance.clone()}</p>
            <h1 lang=lang.clone()>{line.text.title.clone()}</h1>
            {note.map(|n| view! { <p class="hint">{n}</p> })}
            <dl class="facts">
                <div><dt>{l.text(Key::EventsWhen)}</dt><dd><time datetime=line.starts_on.clone()>{date_range(l, &line.starts_on, &line.ends_on)}</time></dd></div>
                <div><dt>{l.text(Key::EventsPlace)}</dt><dd lang=lang.clone()>{line.text.place.clone()}</dd></div>
                {host}
            </dl>
            {plain_text(&line.text.description, lang.clone())}
            {register}
            {apply}
            <p><a href=calendar>{l.text(Key::EventsInCalendar)}</a></p>
        </article>
        {actions}
        <p><a href="/events">{l.text(Key::EventsAll)}</a></p>
    }
}
