//! Parts of the recognition page: the platform's proposal for one home component with each step
//! of how it got there, and the home coordinator's decision form beside it.
use super::agreement_parts::{credits, grade_text};
use crate::api::error::AppError;
use crate::api::recognition::DecideRecognition;
use crate::components::form::problem_for;
use crate::components::raw_text::TextArea;
use crate::domain::recognition::{show_tenths, Via, LETTERS};
use crate::domain::recognition_plan::{Proposal, Step};
use crate::i18n::{Key, Locale};
use crate::locale::t;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// Each step of a proposal in words.
pub(super) fn proposal_view(l: Locale, p: &Proposal) -> impl IntoView {
    let steps = p
        .steps
        .iter()
        .map(|s| {
            let text = match s {
                Step::Credits {
                    code,
                    scheme,
                    centi,
                    ects_tenths,
                } => l.fill(
                    Key::RecStepCredits,
                    &[
                        ("code", code),
                        ("credits", &credits(l, *centi, *scheme)),
                        ("ects", &show_tenths(*ects_tenths)),
                    ],
                ),
                Step::Total { centi, scheme } => l.fill(
                    Key::RecStepTotal,
                    &[("credits", &credits(l, *centi, *scheme))],
                ),
                Step::Share { centi } => l.fill(
                    Key::RecStepShare,
                    &[("credits", &crate::domain::recognition::show_centi(*centi))],
                ),
                Step::Letter {
                    code,
                    grade,
                    letter,
                    via,
                } => {
                    let how = match via {
                        Via::Table => l.text(Key::RecViaTable).to_string(),
                        Via::Percentile(p) => {
                            l.fill(Key::RecViaPercentile, &[("p", &p.to_string())])
                        }
                    };
                    l.fill(
                        Key::RecStepLetter,
                        &[
                            ("code", code),
                            ("grade", &grade_text(l, *grade)),
                            ("letter", LETTERS[usize::from(*letter)]),
                            ("how", &how),
                        ],
                    )
                }
                Step::Average { letter } => l.fill(
                    Key::RecStepAverage,
                    &[("letter", LETTERS[usize::from(*letter)])],
                ),
                Step::Own { letter, grade } => l.fill(
                    Key::RecStepOwn,
                    &[
                        ("letter", LETTERS[usize::from(*letter)]),
                        ("grade", &grade_text(l, *grade)),
                    ],
                ),
                Step::Failed { code } => l.fill(Key::RecStepFailed, &[("code", code)]),
                Step::Missing { code } => l.fill(Key::RecStepMissing, &[("code", code)]),
            };
            view! { <li>{text}</li> }
        })
        .collect_view();
    let outcome = if p.recognised {
        l.fill(
            Key::RecProposalYes,
            &[
                ("grade", &grade_text(l, p.grade)),
                ("credits", &credits(l, p.credits_centi, p.scheme)),
            ],
        )
    } else {
        l.text(Key::RecProposalNo).to_string()
    };
    view! {
        <div class="proposal">
            <p><strong>{l.text(Key::RecProposal)}": "</strong>{outcome}</p>
            <details>
                <summary>{l.text(Key::RecHow)}</summary>
                <ol>{steps}</ol>
            </details>
        </div>
    }
}

pub(super) fn decision_form(
    l: Locale,
    id: i64,
    component: i64,
    proposal: Option<Proposal>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let query = use_query_map();
    let mine =
        Signal::derive(move || query.with(|q| q.get("v.component")) == Some(component.to_string()));
    let err = Signal::derive(move || if mine.get() { error.get() } else { None });
    let note = problem_for(err, "note");
    let grade = problem_for(err, "grade");
    let credit = problem_for(err, "credits");
    let (recognised, g, c) = proposal
        .map(|p| {
            (
                p.recognised,
                grade_text(l, p.grade),
                crate::domain::recognition::show_centi(p.credits_centi),
            )
        })
        .unwrap_or((false, String::new(), String::new()));
    let kept_note = Signal::derive(move || {
        if mine.get() {
            query.with(|q| q.get("v.note")).unwrap_or_default()
        } else {
            String::new()
        }
    });
    let f = |name: &str| format!("d{component}-{name}");
    view! {
        <form method="post" action=DecideRecognition::PATH class="form grid">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="component_id" value=component/>
            <fieldset class="field">
                <legend>{l.text(Key::RecDecision)}</legend>
                <label><input type="radio" name="d[recognised]" value="yes" checked=recognised/>" "{l.text(Key::RecRecognised)}</label>
                <label><input type="radio" name="d[recognised]" value="no" checked=!recognised/>" "{l.text(Key::RecNotRecognised)}</label>
            </fieldset>
            <div class="field" class:invalid=move || grade.get().is_some()>
                <label for=f("grade")>{l.text(Key::RecHomeGrade)}</label>
                <input id=f("grade") name="d[grade]" value=g/>
                {move || grade.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
            </div>
            <div class="field" class:invalid=move || credit.get().is_some()>
                <label for=f("credits")>{l.text(Key::RecHomeCredits)}</label>
                <input id=f("credits") name="d[credits]" value=c inputmode="decimal"/>
                {move || credit.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
            </div>
            <div class="field wide" class:invalid=move || note.get().is_some()>
                <label for=f("note")>{l.text(Key::RecNote)}</label>
                <p class="hint">{l.text(Key::RecNoteHint)}</p>
                <TextArea value={kept_note} {..} id=f("note") name="d[note]" rows="2" prop:value=move || kept_note.get()/>
                {move || note.get().map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
            </div>
            <div class="actions"><button type="submit" class="primary">{l.text(Key::RecDecide)}</button></div>
        </form>
    }
}
