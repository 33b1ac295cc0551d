//! `/admin/directory` (the universities the editor may edit, searchable, a page at a time),
//! `/admin/directory/new` and `/admin/directory/{id}` (a university's form, and on an existing
//! university the memberships of the editor's alliances: `directory_members`). Plain forms that
//! work without JavaScript; a refused form comes back with every value kept.
use super::directory_members::memberships;
use crate::api::directory_admin::{directory_universities, university_editor, SaveUniversity};
use crate::api::error::AppError;
use crate::components::form::{
    editor_resource, form_error, query_flag, Field, FormMessage, SelectField,
};
use crate::components::pager::pager;
use crate::components::raw_text::PageTitle;
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::country::country_name;
use crate::domain::dates::TIME_ZONES;
use crate::domain::directory_admin::{
    DirectoryListing, UniversityEditing, COUNTRIES, NATIVE_LANGUAGES,
};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn DirectoryAdminPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let args = move || {
        query.with(|q| {
            (
                q.get("q"),
                q.get("page").and_then(|p| p.parse::<i64>().ok()),
            )
        })
    };
    let list = Resource::new(args, |(q, page)| directory_universities(q, page));
    view! {
        <PageTitle text=t(Key::DirectoryAdminTitle)/>
        <h1>{t(Key::DirectoryAdminTitle)}</h1>
        <p class="lead">{t(Key::DirectoryAdminLead)}</p>
        <Loaded resource=list render=move |d| listing_view(l, d)/>
    }
}

fn listing_view(l: Locale, d: DirectoryListing) -> impl IntoView {
    let q = d.q.clone();
    let pager = pager(l, d.page, d.pages, move |p| {
        format!("/admin/directory?q={}&page={p}", crate::url::encode(&q))
    });
    let empty = d.lines.is_empty();
    view! {
        <p><a class="button primary" href="/admin/directory/new">{l.text(Key::DirectoryAdd)}</a></p>
        <form method="get" action="/admin/directory" class="filters" role="search" aria-label=l.text(Key::DirectorySearch)>
            <div class="field search">
                <label for="q">{l.text(Key::DirectorySearch)}</label>
                <input id="q" name="q" type="search" value=d.q.clone()/>
            </div>
            <div class="actions"><button type="submit">{l.text(Key::DirectorySearchSubmit)}</button></div>
        </form>
        {empty.then(|| view! { <p class="notice" role="status">{l.text(Key::DirectoryNone)}</p> })}
        {scroll_region(l.text(Key::DirectoryAdminTitle), view! {
            <table class="list">
                <thead><tr>
                    <th scope="col">{l.text(Key::DirectoryNameEn)}</th>
                    <th scope="col">{l.text(Key::UniversityCountry)}</th>
                    <th scope="col">{l.text(Key::UniversityCity)}</th>
                    <th scope="col">{l.text(Key::UniversityMemberOf)}</th>
                </tr></thead>
                <tbody>
                    {d.lines.into_iter().map(|u| view! {
                        <tr>
                            <td>
                                <a href=format!("/admin/directory/{}", u.id) lang="en">{u.name_en.clone()}</a>
                                {u.name_native.clone().map(|n| view! { " " <span class="native-name" lang=u.native_lang.clone()>{n}</span> })}
                            </td>
                            <td>{country_name(l, &u.country)}</td>
                            <td>{u.city.clone()}</td>
                            <td>{u.alliances.join(", ")}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {pager}
    }
}

/// Every field the university form can show an error for.
const FIELDS_WITH_ERRORS: &[&str] = &[
    "name_en",
    "name_ru",
    "name_zh",
    "name_native",
    "native_lang",
    "country",
    "city",
    "city_native",
    "website",
    "time_zone",
    "alliance_id",
    "joined_on",
];

#[component]
pub fn UniversityEditorPage() -> impl IntoView {
    let l = use_locale();
    let editor = editor_resource(university_editor);
    let error = form_error::<SaveUniversity>(FIELDS_WITH_ERRORS);
    view! {
        <PageTitle text=t(Key::DirectoryEditorTitle)/>
        <h1>{t(Key::DirectoryEditorTitle)}</h1>
        <Show when=move || query_flag("saved").get()><p class="notice" role="status">{t(Key::DirectorySaved)}</p></Show>
        <Show when=move || query_flag("member").get()><p class="notice" role="status">{t(Key::DirectoryMemberSaved)}</p></Show>
        <Show when=move || query_flag("left").get()><p class="notice" role="status">{t(Key::DirectoryLeftSaved)}</p></Show>
        <Loaded resource=editor render=move |e| editor_view(l, e, error)/>
    }
}

fn options(list: &[&str], label: impl Fn(&str) -> String) -> Vec<(String, String)> {
    list.iter().map(|c| (c.to_string(), label(c))).collect()
}

fn editor_view(l: Locale, e: UniversityEditing, error: Signal<Option<AppError>>) -> impl IntoView {
    let f = e.form.clone();
    let value = |s: &String| Signal::stored(s.clone());
    let countries = options(&COUNTRIES, |c| country_name(l, c));
    let languages = options(&NATIVE_LANGUAGES, str::to_string);
    let zones: Vec<&str> = TIME_ZONES.iter().map(|(z, _)| *z).collect();
    let zones = options(&zones, str::to_string);
    let alliances: Vec<(String, String)> = e
        .alliances
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let joins = e.id.is_none().then(|| {
        view! {
            <SelectField name="alliance_id" label=Key::AdminAlliance error options=alliances required=true placeholder=Key::FieldChoose selected=value(&f.alliance_id) post_as="f[alliance_id]"/>
            <Field name="joined_on" label=Key::DirectoryJoinedOn kind="date" required=true error value=value(&f.joined_on) post_as="f[joined_on]"/>
        }
    });
    let public = e.id.map(|id| {
        view! { <p><a href=format!("/universities/{id}")>{l.text(Key::DirectoryPublicPage)}</a></p> }
    });
    let members = e.id.map(|id| memberships(l, id, &e));
    view! {
        {public}
        <form method="post" action=SaveUniversity::PATH class="form editor">
            <FormMessage error/>
            {e.id.map(|id| view! { <input type="hidden" name="id" value=id/> })}
            <Field name="name_en" label=Key::DirectoryNameEn required=true error value=value(&f.name_en) post_as="f[name_en]" lang="en"/>
            <Field name="name_ru" label=Key::DirectoryNameRu error value=value(&f.name_ru) post_as="f[name_ru]" lang="ru"/>
            <Field name="name_zh" label=Key::DirectoryNameZh error value=value(&f.name_zh) post_as="f[name_zh]" lang="zh"/>
            <Field name="name_native" label=Key::DirectoryNameNative error value=value(&f.name_native) post_as="f[name_native]" hint=Key::DirectoryNameNativeHint/>
            <SelectField name="native_lang" label=Key::DirectoryNativeLang error options=languages placeholder=Key::FieldChoose selected=value(&f.native_lang) post_as="f[native_lang]"/>
            <SelectField name="country" label=Key::UniversityCountry error options=countries required=true placeholder=Key::FieldChoose selected=value(&f.country) post_as="f[country]"/>
            <Field name="city" label=Key::UniversityCity required=true error value=value(&f.city) post_as="f[city]"/>
            <Field name="city_native" label=Key::DirectoryCityNative error value=value(&f.city_native) post_as="f[city_native]"/>
            <Field name="website" label=Key::UniversityWebsite kind="url" error value=value(&f.website) post_as="f[website]"/>
            <SelectField name="time_zone" label=Key::DirectoryTimeZone error options=zones placeholder=Key::FieldChoose selected=value(&f.time_zone) post_as="f[time_zone]"/>
            {joins}
            <div class="actions">
                <button type="submit" class="primary">{l.text(Key::DirectorySave)}</button>
                <a class="button" href="/admin/directory">{l.text(Key::EditorBack)}</a>
            </div>
        </form>
        {members}
    }
}
