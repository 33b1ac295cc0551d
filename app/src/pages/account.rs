//! `/account`: my profile and language, my roles, password, e-mail address, two-factor sign-in,
//! my data, and deleting the account. Each section is its own form (all work without JS).
use crate::api::account::{
    my_account, BeginTotp, ChangeEmail, ChangePassword, DeleteAccount, DisableTotp, UpdateProfile,
};
use crate::api::directory::university_choices;
use crate::components::form::{
    form_error, kept_value, query_value, Field, FormMessage, SelectField,
};
use crate::components::raw_text::PageTitle;
use crate::components::status::Loaded;
use crate::domain::account::{AccountView, Level, RoleView};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| my_account());
    let saved = query_value("saved");
    view! {
        <PageTitle text=t(Key::AccountTitle)/>
        <h1>{t(Key::AccountTitle)}</h1>
        {move || saved.get().and_then(|s| saved_message(&s)).map(|k| view! { <p class="notice" role="status">{t(k)}</p> })}
        <Loaded resource=account render={|a| view! {
            <div class="account-grid">
                <ProfileSection account=a.clone()/>
                <RolesSection roles=a.roles.clone()/>
                <PasswordSection/>
                <EmailSection email=a.email.clone()/>
                <TwoFactorSection enabled=a.totp_enabled/>
                <DataSection/>
            </div>
        }}/>
    }
}

fn saved_message(which: &str) -> Option<Key> {
    Some(match which {
        "profile" => Key::AccountSavedProfile,
        "password" => Key::AccountSavedPassword,
        "email_sent" => Key::AccountSavedEmailSent,
        "email" => Key::AccountSavedEmail,
        "totp" => Key::AccountSavedTotp,
        "totp_off" => Key::AccountSavedTotpOff,
        "role" => Key::AccountSavedRole,
        _ => return None,
    })
}

#[component]
fn ProfileSection(account: AccountView) -> impl IntoView {
    let l = use_locale();
    let error = form_error::<UpdateProfile>(&[
        "name_latin",
        "name_native",
        "university_id",
        "level",
        "locale",
    ]);
    let universities = Resource::new(|| (), |_| university_choices());
    let home = account
        .home_university_id
        .map(|id| id.to_string())
        .unwrap_or_default();
    let level = account
        .level
        .map(|lv| lv.code().to_string())
        .unwrap_or_default();
    let locale = account.locale.clone();
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t(Key::AccountProfile)}</h2>
            <p>{t(Key::FieldEmail)}": "<strong>{account.email.clone()}</strong></p>
            <form method="post" action=UpdateProfile::PATH class="form">
                <FormMessage error/>
                <Field name="name_latin" label=Key::FieldNameLatin required=true error value=Signal::stored(account.name_latin.clone())/>
                <Field name="name_native" label=Key::FieldNameNative error value=Signal::stored(account.name_native.clone())/>
                <Loaded resource=universities render={move |list| {
                    let options = list.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
                    view! { <SelectField name="university_id" label=Key::FieldUniversity error options placeholder=Key::FieldNone selected=Signal::stored(home.clone())/> }
                }}/>
                <SelectField name="level" label=Key::FieldLevel error placeholder=Key::FieldNone
                    options=Level::ALL.iter().map(|lv| (lv.code().to_string(), l.text(lv.label()).to_string())).collect()
                    selected=Signal::stored(level)/>
                <SelectField name="locale" label=Key::FieldLocale error
                    options=Locale::ALL.iter().map(|x| (x.code().to_string(), x.text(super::register::language_name(*x)).to_string())).collect()
                    selected=Signal::stored(locale)/>
                <button type="submit" class="primary">{t(Key::FormSave)}</button>
            </form>
        </section>
    }
}

#[component]
fn RolesSection(roles: Vec<RoleView>) -> impl IntoView {
    let l = use_locale();
    let empty = roles.is_empty();
    view! {
        <section class="card" aria-labelledby="roles-heading">
            <h2 id="roles-heading">{t(Key::AccountRoles)}</h2>
            <Show when=move || empty><p>{t(Key::AccountNoRoles)}</p></Show>
            <ul class="roles">
                {roles.into_iter().map(|r| {
                    let term = match (&r.term_start, &r.term_end) {
                        (Some(s), Some(e)) => format!(" · {} – {}", l.long_date(s), l.long_date(e)),
                        _ => String::new(),
                    };
                    let state = if r.needs_second_factor { Key::AccountRoleNeeds2fa } else if r.in_effect { Key::AccountRoleActive } else { Key::AccountRoleInactive };
                    view! {
                        <li>
                            <strong>{l.text(r.role.label())}</strong>" — "{r.scope.clone()}{term}
                            " "<span class="badge">{l.text(state)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
    let error = form_error::<ChangePassword>(&["current_password", "new_password"]);
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{t(Key::AccountPassword)}</h2>
            <p class="hint">{t(Key::AccountPasswordLead)}</p>
            <form method="post" action=ChangePassword::PATH class="form">
                <FormMessage error/>
                <Field name="current_password" label=Key::FieldCurrentPassword kind="password" autocomplete="current-password" required=true error/>
                <Field name="new_password" label=Key::FieldNewPassword kind="password" autocomplete="new-password" required=true error hint=Key::FieldPasswordHint/>
                <button type="submit">{t(Key::AccountPasswordSubmit)}</button>
            </form>
        </section>
    }
}

#[component]
fn EmailSection(email: String) -> impl IntoView {
    let error = form_error::<ChangeEmail>(&["password", "new_email"]);
    view! {
        <section class="card" aria-labelledby="email-heading">
            <h2 id="email-heading">{t(Key::AccountEmail)}</h2>
            <p class="hint">{t(Key::AccountEmailLead)}" "<strong>{email}</strong></p>
            <form method="post" action=ChangeEmail::PATH class="form">
                <FormMessage error/>
                <Field name="new_email" label=Key::FieldNewEmail kind="email" autocomplete="email" required=true error value=kept_value("new_email", String::new())/>
                <Field name="password" label=Key::FieldCurrentPassword kind="password" autocomplete="current-password" required=true error/>
                <button type="submit">{t(Key::AccountEmailSubmit)}</button>
            </form>
        </section>
    }
}

#[component]
fn TwoFactorSection(enabled: bool) -> impl IntoView {
    let error = form_error::<DisableTotp>(&["password"]);
    view! {
        <section class="card" aria-labelledby="totp-heading">
            <h2 id="totp-heading">{t(Key::AccountTotp)}</h2>
            <Show when=move || enabled fallback=move || view! {
                <p>{t(Key::AccountTotpOff)}</p>
                <form method="post" action=BeginTotp::PATH class="form">
                    <button type="submit" class="primary">{t(Key::AccountTotpBegin)}</button>
                </form>
            }>
                <p>{t(Key::AccountTotpOn)}</p>
                <form method="post" action=DisableTotp::PATH class="form">
                    <FormMessage error/>
                    <Field name="password" label=Key::FieldCurrentPassword kind="password" autocomplete="current-password" required=true error/>
                    <button type="submit">{t(Key::AccountTotpDisable)}</button>
                </form>
            </Show>
        </section>
    }
}

#[component]
fn DataSection() -> impl IntoView {
    let error = form_error::<DeleteAccount>(&["password", "confirm"]);
    view! {
        <section class="card" aria-labelledby="data-heading">
            <h2 id="data-heading">{t(Key::AccountData)}</h2>
            <p><a href="/api/export_my_data" download="alliance-mobility-my-data.json">{t(Key::AccountExport)}</a></p>
            <h3>{t(Key::AccountDelete)}</h3>
            <p class="hint">{t(Key::AccountDeleteLead)}</p>
            <form method="post" action=DeleteAccount::PATH class="form danger-zone">
                <FormMessage error/>
                <Field name="password" label=Key::FieldCurrentPassword kind="password" autocomplete="current-password" required=true error/>
                <div class="field checkbox" class:invalid=move || error.get().and_then(|e| e.field("confirm")).is_some()>
                    <input type="checkbox" id="confirm" name="confirm" required=true/>
                    <label for="confirm">{t(Key::AccountDeleteConfirm)}</label>
                    {move || error.get().and_then(|e| e.field("confirm")).map(|p| view! { <p class="field-error">{t(p.message())}</p> })}
                </div>
                <button type="submit" class="danger">{t(Key::AccountDeleteSubmit)}</button>
            </form>
        </section>
    }
}
