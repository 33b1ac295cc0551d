//! The islands: the only pieces of the app that run in the browser. Every page is rendered on
//! the server and works as links and plain forms; an island adds what needs a script, at a leaf
//! of the page. An island gets plain serialisable props and the few strings it shows (never the
//! string tables), so the WASM stays small. The server adds the scripts that load the WASM to a
//! page that has an island (`server/src/islands.rs`); a page without one loads none.
//!
//! To add one: write an `#[island]` here with serialisable props, use it on a page, and say in
//! the README what it does. The `frontend` crate links this crate (`use app as _`), so every
//! island is in the bundle.
use crate::domain::agreement::{totals, Component, Side};
use crate::domain::recognition::{parse_centi, show_centi, show_tenths, Rules, Scheme};
use leptos::prelude::*;

/// A button that prints the page. Printing needs a script (the CSP refuses inline handlers):
/// until the island is hydrated, and without JavaScript, a hint says how to print instead.
#[island]
pub fn PrintButton(label: String, hint: String) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move || ready.set(true));
    move || {
        if ready.get() {
            let label = label.clone();
            view! {
                <button type="button" class="primary" data-ready="true" on:click=move |_| print()>
                    {label}
                </button>
            }
            .into_any()
        } else {
            view! { <span class="hint">{hint.clone()}</span> }.into_any()
        }
    }
}

fn print() {
    #[cfg(feature = "hydrate")]
    if let Err(e) = window().print() {
        leptos::logging::warn!("print: {e:?}");
    }
}

/// What the live total shows, in the reader's language (filled in on the server).
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct LiveTotalText {
    /// "With this course, the {side} side comes to {ects} ECTS = {home}."
    pub template: String,
    pub host: String,
    pub home: String,
    /// The label of each credit scheme, by code.
    pub schemes: Vec<(String, String)>,
}

/// While a course is typed into the agreement's form, the total its side would come to, in
/// ECTS and in the home university's credits. It listens to the form it stands in (`c[side]`,
/// `c[scheme]`, `c[credits]`); without JavaScript it shows nothing, and the totals table after
/// saving says the same.
#[island]
pub fn LiveTotal(components: Vec<Component>, rules: Rules, text: LiveTotalText) -> impl IntoView {
    let typed = RwSignal::new((
        "host".to_string(),
        rules.scheme.code().to_string(),
        String::new(),
    ));
    let ready = RwSignal::new(false);
    Effect::new(move || ready.set(true));
    #[cfg(feature = "hydrate")]
    {
        let on_input = move |ev: leptos::ev::Event| {
            use wasm_bindgen::JsCast;
            let name = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.get_attribute("name"))
                .unwrap_or_default();
            let value = event_target_value(&ev);
            typed.update(|t| match name.as_str() {
                "c[side]" => t.0 = value,
                "c[scheme]" => t.1 = value,
                "c[credits]" => t.2 = value,
                _ => {}
            });
        };
        let input = window_event_listener(leptos::ev::input, on_input);
        let change = window_event_listener(leptos::ev::change, on_input);
        on_cleanup(move || {
            input.remove();
            change.remove();
        });
    }
    let live = move || {
        let (side, scheme, credits_text) = typed.get();
        let side = Side::parse(&side)?;
        let scheme = Scheme::parse(&scheme)?;
        let centi = parse_centi(&credits_text).filter(|c| *c > 0)?;
        let mut all = components.clone();
        all.push(Component {
            id: 0,
            side,
            grp: 0,
            code: String::new(),
            title: String::new(),
            term: String::new(),
            scheme,
            credits_centi: centi,
            hours: 0,
            provisional: false,
        });
        let t = totals(&all, side, &rules);
        let side_name = if side == Side::Host {
            &text.host
        } else {
            &text.home
        };
        let home_label = text
            .schemes
            .iter()
            .find(|(code, _)| code == rules.scheme.code())
            .map_or("", |(_, label)| label.as_str());
        Some(
            text.template
                .replace("{side}", side_name)
                .replace("{ects}", &show_tenths(t.ects_tenths))
                .replace(
                    "{home}",
                    &format!("{} {home_label}", show_centi(t.home_centi)),
                ),
        )
    };
    view! {
        <p class="hint wide" aria-live="polite" data-ready=move || ready.get().then_some("true")>
            {live}
        </p>
    }
}
