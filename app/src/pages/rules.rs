//! `/manage/rules`: a coordinator keeps their university's conversion rules — credit ratios
//! and hours, grade tables, the percentile table — each save a new version.
use crate::api::error::AppError;
use crate::api::recognition::{conversion_rules, SaveConversionRules};
use crate::components::form::{form_error, kept_value, problem_for, FormMessage};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::agreement_view::{RulesForm, RulesView};
use crate::domain::recognition::{Scale, Scheme};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

pub const FIELDS: &[&str] = &[
    "form",
    "scheme",
    "scale",
    "zet_permille",
    "cn_permille",
    "zet_hours",
    "cn_hours",
    "ects_hours",
    "cn_bands",
    "ru5_letters",
    "percentile_cuts",
    "own_grades",
];

#[component]
pub fn RulesPage() -> impl IntoView {
    let l = use_locale();
    let query = use_query_map();
    let university =
        move || query.with(|q| q.get("university").and_then(|v| v.parse::<i64>().ok()));
    let page = Resource::new(university, conversion_rules);
    let error = form_error::<SaveConversionRules>(FIELDS);
    let saved = move || query.with(|q| q.get("saved"));
    view! {
        <PageTitle text=t(Key::RulesTitle)/>
        {move || saved().map(|n| view! { <p class="notice" role="status">{l.fill(Key::RulesSaved, &[("n", &n)])}</p> })}
        <FormMessage error=error/>
        <Loaded resource=page render=move |v| body(l, v, error)/>
    }
}

fn body(l: Locale, v: RulesView, error: Signal<Option<AppError>>) -> impl IntoView {
    let f = RulesForm::from_rules(&v.rules);
    let field = move |name: &'static str,
                      problem_name: &'static str,
                      label: Key,
                      hint: Key,
                      value: String| {
        let problem = problem_for(error, problem_name);
        let value = kept_value(name, value);
        view! {
            <div class="field" class:invalid=move || problem.get().is_some()>
                <label for=name>{l.text(label)}</label>
                <p class="hint">{l.text(hint)}</p>
                <input id=name name=format!("r[{name}]") value=move || value.get()/>
                {move || problem.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
            </div>
        }
    };
    let scheme = v.rules.scheme;
    let scale = v.rules.scale;
    let choices = (v.choices.len() > 1).then(|| {
        let options = v
            .choices
            .iter()
            .map(|(id, name)| view! { <option value=*id selected=*id == v.university_id>{name.clone()}</option> })
            .collect_view();
        view! {
            <form method="get" action="/manage/rules" class="form inline">
                <div class="field">
                    <label for="university">{l.text(Key::RulesUniversity)}</label>
                    <select id="university" name="university">{options}</select>
                </div>
                <div class="actions"><button type="submit">{l.text(Key::RulesShow)}</button></div>
            </form>
        }
    });
    let version = if v.version == 0 {
        l.text(Key::LaRulesDefault).to_string()
    } else {
        l.fill(Key::LaRulesVersion, &[("n", &v.version.to_string())])
    };
    let versions = v
        .versions
        .iter()
        .map(|(n, at, by)| {
            view! { <li>{l.fill(Key::LaRulesVersion, &[("n", &n.to_string())])}" · "{super::agreement_parts::when(*at)}" · "{by.clone()}</li> }
        })
        .collect_view();
    view! {
        <section class="narrow">
            <h1>{l.text(Key::RulesTitle)}</h1>
            <p>{v.university_name.clone()}" · "{version}</p>
            {choices}
            <p class="hint">{l.text(Key::RulesIntro)}</p>
            <form method="post" action=SaveConversionRules::PATH class="form">
                <input type="hidden" name="university" value=v.university_id/>
                <div class="field">
                    <label for="scheme">{l.text(Key::RulesScheme)}</label>
                    <select id="scheme" name="r[scheme]">
                        {Scheme::ALL.iter().map(|s| view! { <option value=s.code() selected=*s == scheme>{l.text(s.label())}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="scale">{l.text(Key::RulesScale)}</label>
                    <select id="scale" name="r[scale]">
                        {Scale::ALL.iter().map(|s| view! { <option value=s.code() selected=*s == scale>{l.text(s.label())}</option> }).collect_view()}
                    </select>
                </div>
                {field("zet_ects", "zet_permille", Key::RulesZetEcts, Key::RulesZetEctsHint, f.zet_ects.clone())}
                {field("cn_ects", "cn_permille", Key::RulesCnEcts, Key::RulesCnEctsHint, f.cn_ects.clone())}
                {field("zet_hours", "zet_hours", Key::RulesZetHours, Key::RulesHoursHint, f.zet_hours.clone())}
                {field("cn_hours", "cn_hours", Key::RulesCnHours, Key::RulesHoursHint, f.cn_hours.clone())}
                {field("ects_hours", "ects_hours", Key::RulesEctsHours, Key::RulesHoursHint, f.ects_hours.clone())}
                {field("cn_bands", "cn_bands", Key::RulesCnBands, Key::RulesCnBandsHint, f.cn_bands.clone())}
                {field("ru5_letters", "ru5_letters", Key::RulesRu5Letters, Key::RulesRu5LettersHint, f.ru5_letters.clone())}
                {field("percentile_cuts", "percentile_cuts", Key::RulesPercentiles, Key::RulesPercentilesHint, f.percentile_cuts.clone())}
                {field("own_grades", "own_grades", Key::RulesOwnGrades, Key::RulesOwnGradesHint, f.own_grades.clone())}
                <div class="actions"><button type="submit" class="primary">{l.text(Key::RulesSave)}</button></div>
            </form>
            <h2>{l.text(Key::RulesVersions)}</h2>
            {if v.versions.is_empty() {
                view! { <p>{l.text(Key::LaRulesDefault)}</p> }.into_any()
            } else {
                view! { <ul class="plain">{versions}</ul> }.into_any()
            }}
        </section>
    }
}
