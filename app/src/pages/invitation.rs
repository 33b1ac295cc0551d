//! `/invitation?token=…`: accept a role. Without an account, the form creates one (the link
//! proves the address); with one, sign in as it and accept.
use crate::api::admin::{invitation, AcceptInvitation};
use crate::api::error::AppError;
use crate::components::form::{form_error, kept_value, query_value, Field, FormMessage};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::account::InvitationView;
use crate::i18n::Key;
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn InvitationPage() -> impl IntoView {
    let token = query_value("token");
    let view_data = Resource::new(
        move || token.get(),
        |token| async move {
            match token {
                Some(t) => invitation(t).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text=t(Key::InvitationTitle)/>
        <section class="narrow">
            <h1>{t(Key::InvitationTitle)}</h1>
            <Loaded resource=view_data render={move |v| view! {
                <AcceptForm invitation=v token=token.get().unwrap_or_default()/>
            }}/>
        </section>
    }
}

#[component]
fn AcceptForm(invitation: InvitationView, token: String) -> impl IntoView {
    let l = use_locale();
    let error = form_error::<AcceptInvitation>(&["token", "name_latin", "name_native", "password"]);
    let exists = invitation.account_exists;
    let next = format!(
        "/login?next={}",
        "/invitation%3Ftoken%3D".to_string() + &token
    );
    view! {
        <p class="lead">{l.fill(Key::InvitationLead, &[("role", l.text(invitation.role.label())), ("scope", &invitation.scope)])}</p>
        <p>{t(Key::FieldEmail)}": "<strong>{invitation.email.clone()}</strong></p>
        <Show when=move || exists>
            <p class="hint">{t(Key::InvitationSignInFirst)}" "<a href=next.clone()>{t(Key::NavLogin)}</a></p>
        </Show>
        <form method="post" action=AcceptInvitation::PATH class="form">
            <FormMessage error/>
            <input type="hidden" name="token" value=token/>
            <Show when=move || !exists>
                <Field name="name_latin" label=Key::FieldNameLatin required=true error hint=Key::FieldNameLatinHint value=kept_value("name_latin", String::new())/>
                <Field name="name_native" label=Key::FieldNameNative error value=kept_value("name_native", String::new())/>
                <Field name="password" label=Key::FieldPassword kind="password" autocomplete="new-password" required=true error hint=Key::FieldPasswordHint/>
            </Show>
            <button type="submit" class="primary">{t(Key::InvitationAccept)}</button>
        </form>
    }
}
