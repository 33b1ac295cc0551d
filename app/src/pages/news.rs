//! `/news`, `/alliances/{slug}/news` and `/news/{id}`: the alliances' news as readers see it,
//! each post in the reader's language where it was written, else in its original with a note.
//! The post's page is also the writer's preview: a draft shows its state and the way to
//! publish it, to those who may.
use crate::api::error::AppError;
use crate::api::news::{news_item, news_list, ChangeNews};
use crate::components::form::{form_error, FormMessage};
use crate::components::pager::pager;
use crate::components::plain_text::plain_text;
use crate::components::publication::{original_note, publication_actions};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::news::{NewsLine, NewsListing, NewsPost};
use crate::domain::publishing::Publication;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NewsListPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.read().get("slug");
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse::<i64>().ok()));
    let list = Resource::new(move || (slug(), page()), |(s, p)| news_list(s, p));
    view! { <Loaded resource=list render=move |n| list_view(l, n)/> }
}

fn list_view(l: Locale, n: NewsListing) -> impl IntoView {
    let (heading, base) = match &n.alliance {
        Some((slug, name)) => (
            l.fill(Key::NewsOfAlliance, &[("alliance", name)]),
            format!("/alliances/{}/news", crate::url::encode(slug)),
        ),
        None => (l.text(Key::NewsTitle).to_string(), "/news".to_string()),
    };
    let feed = n.alliance.as_ref().map(|(slug, _)| {
        let slug = crate::url::encode(slug);
        view! {
            <p class="meta">
                <a href=format!("/alliances/{slug}")>{l.text(Key::NewsAboutAlliance)}</a>
                " · "
                <a href=format!("/alliances/{slug}/news.atom?lang={}", l.code()) type="application/atom+xml">{l.text(Key::NewsFeed)}</a>
                " · "
                <a href="/news">{l.text(Key::NewsAll)}</a>
            </p>
        }
    });
    let empty = n.lines.is_empty();
    let pager = pager(l, n.page, n.pages, move |p| format!("{base}?page={p}"));
    view! {
        <PageTitle text=heading.clone()/>
        <h1>{heading}</h1>
        <p class="lead">{l.text(Key::NewsIntro)}</p>
        {feed}
        {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::NewsEmpty)}</p> })}
        <div class="news-list">
            {n.lines.into_iter().map(|line| news_card(l, line)).collect_view()}
        </div>
        {pager}
    }
}

fn news_card(l: Locale, line: NewsLine) -> impl IntoView {
    let note = line.fallback.then(|| original_note(l, &line.text.lang));
    let draft = (line.status == Publication::Draft).then(|| {
        view! { " · " <span class="status status-draft">{l.text(Key::StatusDraft)}</span> }
    });
    view! {
        <article class="news-card">
            <h2 lang=line.text.lang.clone()><a href=format!("/news/{}", line.id)>{line.text.title.clone()}</a></h2>
            <p class="meta">
                <time datetime=line.published_on.clone()>{l.long_date(&line.published_on)}</time>
                " · "
                <a href=format!("/alliances/{}/news", crate::url::encode(&line.alliance_slug))>{line.alliance.clone()}</a>
                {draft}
            </p>
            <p lang=line.text.lang.clone()>{line.text.summary.clone()}</p>
            {note.map(|n| view! { <p class="hint">{n}</p> })}
        </article>
    }
}

#[component]
pub fn NewsPage() -> impl IntoView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|v| v.parse::<i64>().ok());
    let item = Resource::new(id, |id| async move {
        match id {
            Some(id) => news_item(id).await,
            None => Err(AppError::NotFound),
        }
    });
    let notice = move || {
        query.with(|q| {
            if q.get("saved").is_some() {
                Some(Key::NewsSaved)
            } else {
                match q.get("done").as_deref() {
                    Some("publish") => Some(Key::NewsPublished),
                    Some("withdraw") => Some(Key::NewsWithdrawn),
                    _ => None,
                }
            }
        })
    };
    let confirm = Memo::new(move |_| query.with(|q| q.get("confirm").as_deref() == Some("delete")));
    let error = form_error::<ChangeNews>(&["move", "confirm"]);
    view! {
        {move || notice().map(|k| view! { <p class="notice" role="status">{t(k)}</p> })}
        <FormMessage error/>
        <Loaded resource=item render=move |i| item_view(l, i, confirm)/>
    }
}

fn item_view(l: Locale, i: NewsPost, confirm: Memo<bool>) -> impl IntoView {
    let line = i.line;
    let id = line.id;
    let lang = line.text.lang.clone();
    let note = line.fallback.then(|| original_note(l, &lang));
    let draft = (line.status == Publication::Draft)
        .then(|| view! { <p class="notice" role="status">{l.text(Key::NewsDraftNotice)}</p> });
    let actions = i.editable.then(|| {
        publication_actions(
            l,
            ChangeNews::PATH,
            (
                id,
                &format!("/news/{id}"),
                &format!("/manage/news/{id}/edit"),
            ),
            &i.moves,
            confirm,
        )
    });
    let summary = (!line.text.summary.is_empty()).then(|| {
        view! { <p class="lead" lang=lang.clone()>{line.text.summary.clone()}</p> }
    });
    let alliance_news = format!(
        "/alliances/{}/news",
        crate::url::encode(&line.alliance_slug)
    );
    let picture = i.picture.map(|p| {
        view! {
            <figure class="news-picture">
                <img src=p.src(id) alt=p.alt.clone() width=p.width height=p.height loading="lazy"/>
            </figure>
        }
    });
    view! {
        <PageTitle text=line.text.title.clone()/>
        {draft}
        <article class="news-item">
            <p class="meta">
                <a href=alliance_news>{line.alliance.clone()}</a>
                " · "
                <time datetime=line.published_on.clone()>{l.long_date(&line.published_on)}</time>
            </p>
            <h1 lang=lang.clone()>{line.text.title.clone()}</h1>
            {note.map(|n| view! { <p class="hint">{n}</p> })}
            {summary}
            {picture}
            {plain_text(&line.text.body, lang.clone())}
        </article>
        {actions}
        <p><a href="/news">{l.text(Key::NewsAll)}</a></p>
    }
}
