//! `/manage/news` (every post the staff member may write, drafts too) and
//! `/manage/news/new`, `/manage/news/{id}/edit` (the editor). The editor is a plain form posted
//! as `f[...]`, with or without JavaScript; a refused form comes back with every value kept and
//! each problem next to its field. Saving shows the post as readers will see it.
use super::register::language_name;
use crate::api::error::AppError;
use crate::api::news::{managed_news, news_editor, RemoveNewsPicture, SaveNews};
use crate::components::form::{
    editor_resource, form_error, text_area, Field, FormMessage, SelectField,
};
use crate::components::pager::pager;
use crate::components::publication::status_badge;
use crate::components::raw_text::PageTitle;
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::news::{NewsEditing, NewsListing, PictureRef};
use crate::domain::validation::Problem;
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ManageNewsPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse().ok())));
    let deleted = move || query.with(|q| q.get("deleted").is_some());
    let list = Resource::new(move || page.get(), managed_news);
    view! {
        <PageTitle text=t(Key::NewsManage)/>
        <h1>{t(Key::NewsManage)}</h1>
        <Show when=deleted><p class="notice" role="status">{t(Key::NewsDeleted)}</p></Show>
        <Loaded resource=list render=move |n| managed_view(l, n)/>
    }
}

fn managed_view(l: Locale, n: NewsListing) -> impl IntoView {
    let empty = n.lines.is_empty();
    let pager = pager(l, n.page, n.pages, |p| format!("/manage/news?page={p}"));
    view! {
        <p><a class="button primary" href="/manage/news/new">{l.text(Key::NewsNew)}</a></p>
        {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::NewsEmpty)}</p> })}
        {scroll_region(l.text(Key::NewsManage), view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{l.text(Key::EditorTitleField)}</th>
                    <th scope="col">{l.text(Key::AdminAlliance)}</th>
                    <th scope="col">{l.text(Key::NewsDate)}</th>
                    <th scope="col">{l.text(Key::ManageStatus)}</th>
                </tr></thead>
                <tbody>
                    {n.lines.into_iter().map(|line| {
                        view! {
                            <tr>
                                <td lang=line.text.lang.clone()><a href=format!("/news/{}", line.id)>{line.text.title.clone()}</a></td>
                                <td>{line.alliance.clone()}</td>
                                <td>{l.long_date(&line.published_on)}</td>
                                <td>{status_badge(l, line.status)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {pager}
    }
}

/// Every field the editor can show an error for.
const FIELDS_WITH_ERRORS: &[&str] = &[
    "alliance_id",
    "published_on",
    "original_lang",
    "title_en",
    "title_ru",
    "title_zh",
    "summary_en",
    "summary_ru",
    "summary_zh",
    "body_en",
    "body_ru",
    "body_zh",
];

#[component]
pub fn NewsEditorPage() -> impl IntoView {
    let l = use_locale();
    let editor = editor_resource(news_editor);
    let error = form_error::<SaveNews>(FIELDS_WITH_ERRORS);
    view! {
        <PageTitle text=t(Key::NewsEditorTitle)/>
        <h1>{t(Key::NewsEditorTitle)}</h1>
        <Loaded resource=editor render=move |e| editor_form(l, e, error)/>
    }
}

fn editor_form(l: Locale, e: NewsEditing, error: Signal<Option<AppError>>) -> impl IntoView {
    let picture = e.id.map(|id| picture_form(l, id, e.picture.clone()));
    let f = e.form;
    let value = |s: &String| Signal::stored(s.clone());
    let alliances: Vec<(String, String)> = e
        .alliances
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let locales: Vec<(String, String)> = Locale::ALL
        .iter()
        .map(|x| (x.code().to_string(), l.text(language_name(*x)).to_string()))
        .collect();
    let texts = Locale::ALL.map(|x| {
        let code = x.code();
        let get = |m: &std::collections::BTreeMap<String, String>| {
            m.get(code).cloned().unwrap_or_default()
        };
        let (title, summary, body) = match x {
            Locale::En => ("title_en", "summary_en", "body_en"),
            Locale::Ru => ("title_ru", "summary_ru", "body_ru"),
            Locale::Zh => ("title_zh", "summary_zh", "body_zh"),
        };
        view! {
            <fieldset lang=code>
                <legend>{l.text(language_name(x))}</legend>
                <Field name=title label=Key::EditorTitleField error value=Signal::stored(get(&f.title)) post_as=format!("f[title][{code}]") lang=code/>
                {text_area(summary, format!("f[summary][{code}]"), l.text(Key::NewsSummary).into(), get(&f.summary), 2, Some(code), error)}
                {text_area(body, format!("f[body][{code}]"), l.text(Key::NewsBody).into(), get(&f.body), 10, Some(code), error)}
            </fieldset>
        }
    });
    let back = match e.id {
        Some(id) => format!("/news/{id}"),
        None => "/manage/news".to_string(),
    };
    view! {
        <form method="post" action=SaveNews::PATH class="form editor">
            <FormMessage error/>
            {e.id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <SelectField name="alliance_id" label=Key::AdminAlliance error options=alliances required=true placeholder=Key::FieldChoose selected=value(&f.alliance_id) post_as="f[alliance_id]"/>
            <Field name="published_on" label=Key::NewsDate kind="date" required=true error value=value(&f.published_on) post_as="f[published_on]" hint=Key::NewsDateHint/>
            <fieldset>
                <legend>{l.text(Key::EditorTexts)}</legend>
                <p class="hint">{l.text(Key::EditorTextsHint)}" "{l.text(Key::NewsBodyHint)}</p>
                <SelectField name="original_lang" label=Key::EditorOriginal error options=locales required=true selected=value(&f.original_lang) post_as="f[original_lang]"/>
                {texts.into_iter().collect_view()}
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary">{l.text(Key::NewsSave)}</button>
                <a class="button" href=back>{l.text(Key::EditorBack)}</a>
            </div>
        </form>
        {picture}
    }
}

/// The post's picture: shown, replaced (a plain multipart form) or removed. A refused upload
/// comes back with its problem in the query (`e.file`, `e.alt`).
fn picture_form(l: Locale, id: i64, current: Option<PictureRef>) -> impl IntoView {
    let query = use_query_map();
    let problem = move |field: &str| {
        query.with(|q| {
            q.get(&format!("e.{field}"))
                .and_then(|c| Problem::parse(&c))
        })
    };
    let file_problem = move || problem("file");
    let alt_problem = move || problem("alt");
    let saved = move || query.with(|q| q.get("picture").is_some());
    let removed = move || query.with(|q| q.get("picture_removed").is_some());
    let shown = current.clone().map(|p| {
        view! {
            <figure class="news-picture">
                <img src=p.src(id) alt=p.alt.clone() width=p.width height=p.height/>
            </figure>
            <form method="post" action=RemoveNewsPicture::PATH class="form">
                <input type="hidden" name="id" value=id/>
                <button type="submit" class="danger">{l.text(Key::NewsPictureRemove)}</button>
            </form>
        }
    });
    view! {
        <section id="picture" class="card" aria-labelledby="picture-heading">
            <h2 id="picture-heading">{l.text(Key::NewsPicture)}</h2>
            <Show when=saved><p class="notice" role="status">{t(Key::NewsPictureSaved)}</p></Show>
            <Show when=removed><p class="notice" role="status">{t(Key::NewsPictureRemoved)}</p></Show>
            {shown}
            <form method="post" action=format!("/news/{id}/picture") enctype="multipart/form-data" class="form">
                <div class="field" class:invalid=move || file_problem().is_some()>
                    <label for="picture-file">{l.text(Key::NewsPictureFile)}</label>
                    <p class="hint" id="picture-hint">{l.text(Key::NewsPictureHint)}</p>
                    <input id="picture-file" type="file" name="file" accept="image/png,image/jpeg" required=true aria-describedby="picture-hint"/>
                    {move || file_problem().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                </div>
                <div class="field" class:invalid=move || alt_problem().is_some()>
                    <label for="picture-alt">{l.text(Key::NewsPictureAlt)}</label>
                    <input id="picture-alt" type="text" name="alt" value=current.map(|p| p.alt)/>
                    {move || alt_problem().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                </div>
                <div class="actions"><button type="submit" class="primary">{l.text(Key::NewsPictureUpload)}</button></div>
            </form>
        </section>
    }
}
