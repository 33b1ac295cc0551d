//! `/alliances/{slug}`: an alliance, its story and its members grouped by country.
use crate::api::directory::{get_alliance, ContactSecretariat};
use crate::api::error::AppError;
use crate::components::form::{
    form_error, kept_value, problem_for, query_flag, Field, FormMessage,
};
use crate::components::raw_text::{PageTitle, TextArea};
use crate::components::{
    status::Loaded, university_name::UniversityName, upcoming::UpcomingOpportunities,
};
use crate::domain::opportunity::Filter;
use crate::domain::{country::country_name, directory::AllianceDetail};
use crate::i18n::{Key, Locale};
use crate::locale::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AlliancePage() -> impl IntoView {
    let l = crate::locale::use_locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let alliance = Resource::new(slug, get_alliance);
    view! {
        <Loaded resource=alliance render=move |value| alliance_view(l, value)/>
    }
}

fn alliance_view(l: Locale, a: AllianceDetail) -> impl IntoView {
    let groups = a.members_by_country();
    let s = &a.summary;
    let website = a.website.clone().map(|href| {
        view! { <p><a href=href.clone() rel="external noopener">{l.text(Key::AllianceWebsite)}</a></p> }
    });
    view! {
        <PageTitle text=s.name.clone()/>
        <article class="alliance">
            <h1>{s.name.clone()}</h1>
            <p class="abbr">{s.abbreviation.clone()}</p>
            <dl class="facts">
                <div><dt>{l.text(Key::AllianceFounded)}</dt><dd>{l.long_date(&s.founded_on)}</dd></div>
                <div><dt>{l.text(Key::AllianceMembers)}</dt><dd>{s.member_count}</dd></div>
                <div><dt>{l.text(Key::HomeFigureCountries)}</dt><dd>{s.country_count}</dd></div>
            </dl>
            <p class="lead">{a.description.clone()}</p>
            {website}
            <p><a href=format!("/alliances/{}/news", crate::url::encode(&s.slug))>{l.fill(Key::NewsOfAlliance, &[("alliance", &s.abbreviation)])}</a></p>
            <UpcomingOpportunities
                filter=Filter { alliance: Some(s.slug.clone()), ..Default::default() }
                all_href=format!("/opportunities?alliance={}&upcoming=1", s.slug)
            />
            <section aria-labelledby="members-heading">
                <h2 id="members-heading">{l.text(Key::AllianceMembersHeading)}</h2>
                {groups
                    .into_iter()
                    .map(|(country, members)| {
                        let heading_id = format!("country-{}", country.to_ascii_lowercase());
                        view! {
                            <section class="country-group" aria-labelledby=heading_id.clone()>
                                <h3 id=heading_id.clone()>
                                    {country_name(l, &country)}
                                    <span class="count">" ("{members.len()}")"</span>
                                </h3>
                                <ul class="member-list">
                                    {members
                                        .into_iter()
                                        .map(|u| {
                                            let city = u.city.clone();
                                            view! {
                                                <li>
                                                    <UniversityName university=u/>
                                                    <span class="city">{city}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        }
                    })
                    .collect_view()}
            </section>
            <ContactForm slug=s.slug.clone()/>
        </article>
    }
}

/// The message form to the secretariat. `website` is a honeypot: hidden from people (and from
/// screen readers), filled in by bots.
#[component]
fn ContactForm(slug: String) -> impl IntoView {
    let error = form_error::<ContactSecretariat>(&["name", "email", "message"]);
    let sent = query_flag("sent");
    view! {
        <section class="card contact" aria-labelledby="contact">
            <h2 id="contact">{t(Key::ContactTitle)}</h2>
            <p>{t(Key::ContactLead)}</p>
            <Show when=move || sent.get()><p class="notice" role="status">{t(Key::ContactSent)}</p></Show>
            <form method="post" action=ContactSecretariat::PATH class="form">
                <FormMessage error/>
                <input type="hidden" name="slug" value=slug/>
                <Field name="name" label=Key::ContactName required=true error value=kept_value("name", String::new()) autocomplete="name"/>
                <Field name="email" label=Key::FieldEmail kind="email" required=true error value=kept_value("email", String::new()) autocomplete="email"/>
                <div class="honeypot" aria-hidden="true">
                    <label for="website">"Website"</label>
                    <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"/>
                </div>
                <ContactMessage error/>
                <button type="submit" class="primary">{t(Key::ContactSend)}</button>
            </form>
        </section>
    }
}

#[component]
fn ContactMessage(error: Signal<Option<AppError>>) -> impl IntoView {
    let problem = problem_for(error, "message");
    let kept = kept_value("message", String::new());
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for="message">{t(Key::ContactMessage)}</label>
            <TextArea value={kept} {..} id="message" name="message" rows="5" required=true aria-invalid=move || problem.get().map(|_| "true") aria-describedby="message-error"/>
            {move || problem.get().map(|p| view! { <p class="field-error" id="message-error">{t(p.message())}</p> })}
        </div>
    }
}
