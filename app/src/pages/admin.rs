//! `/admin`: invitations to roles (administrators invite staff; staff and administrators invite
//! coordinators) and, for administrators, the account list with disabling.
use crate::api::admin::{
    administration, list_roles, list_users, Invite, RevokeRole, SetUserDisabled,
};
use crate::components::form::{
    form_error, kept_value, query_flag, Field, FormMessage, SelectField,
};
use crate::components::raw_text::PageTitle;
use crate::components::scroll_region::scroll_region;
use crate::components::status::Loaded;
use crate::domain::account::{GrantLine, UserPage};
use crate::i18n::{Key, Locale};
use crate::locale::{t, use_locale};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminPage() -> impl IntoView {
    let scope = Resource::new(|| (), |_| administration());
    view! {
        <PageTitle text=t(Key::AdminTitle)/>
        <h1>{t(Key::AdminTitle)}</h1>
        <Show when=move || query_flag("sent").get()><p class="notice" role="status">{t(Key::AdminInviteSent)}</p></Show>
        <Show when=move || query_flag("saved").get()><p class="notice" role="status">{t(Key::AdminSaved)}</p></Show>
        <Loaded resource=scope render={|s| view! {
            <Show when=move || s.edit_directory>
                <p><a class="button" href="/admin/directory">{t(Key::AdminDirectory)}</a></p>
            </Show>
            <div class="account-grid">
                <Show when=move || s.invite_staff>
                    <InviteForm role="staff" choices=s.alliances.clone()/>
                </Show>
                <Show when={let empty = s.universities.is_empty(); move || !empty}>
                    <InviteForm role="coordinator" choices=s.universities.clone()/>
                </Show>
            </div>
            <Show when=move || s.manage_accounts><Roles/><Accounts/></Show>
        }}/>
    }
}

#[component]
fn InviteForm(role: &'static str, choices: Vec<(i64, String)>) -> impl IntoView {
    let l = use_locale();
    let error = form_error::<Invite>(&[
        "email",
        "role",
        "alliance_id",
        "university_id",
        "term_start",
        "term_end",
    ]);
    let staff = role == "staff";
    let options: Vec<(String, String)> = choices
        .into_iter()
        .map(|(id, n)| (id.to_string(), n))
        .collect();
    view! {
        <section class="card" aria-labelledby=format!("invite-{role}")>
            <h2 id=format!("invite-{role}")>{t(if staff { Key::AdminInviteStaff } else { Key::AdminInviteCoordinator })}</h2>
            <form method="post" action=Invite::PATH class="form">
                <FormMessage error/>
                <input type="hidden" name="role" value=role/>
                <Field name="email" label=Key::FieldEmail kind="email" required=true error value=kept_value("email", String::new())/>
                {if staff {
                    view! {
                        <SelectField name="alliance_id" label=Key::AdminAlliance error options required=true placeholder=Key::FieldChoose selected=Signal::stored(String::new())/>
                        <Field name="term_start" label=Key::AdminTermStart kind="date" required=true error/>
                        <Field name="term_end" label=Key::AdminTermEnd kind="date" required=true error/>
                    }.into_any()
                } else {
                    view! {
                        <SelectField name="university_id" label=Key::FieldUniversity error options required=true placeholder=Key::FieldChoose selected=Signal::stored(String::new())/>
                    }.into_any()
                }}
                <SelectField name="locale" label=Key::AdminInviteLanguage error
                    options=Locale::ALL.iter().map(|x| (x.code().to_string(), x.text(super::register::language_name(*x)).to_string())).collect()
                    selected=Signal::stored(l.code().to_string())/>
                <button type="submit" class="primary">{t(Key::AdminInviteSubmit)}</button>
            </form>
        </section>
    }
}

#[component]
fn Accounts() -> impl IntoView {
    let query = use_query_map();
    let page = move || {
        query.with(|q| {
            q.get("page")
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(1)
        })
    };
    let users = Resource::new(page, |p| list_users(Some(p)));
    view! {
        <section aria-labelledby="accounts-heading">
            <h2 id="accounts-heading">{t(Key::AdminAccounts)}</h2>
            <Loaded resource=users render=|p| accounts_table(p)/>
        </section>
    }
}

fn accounts_table(p: UserPage) -> impl IntoView {
    let l = use_locale();
    let total = l.fill(Key::AdminTotal, &[("count", &p.total.to_string())]);
    let prev = (p.page > 1).then(|| format!("/admin?page={}", p.page - 1));
    let next = (p.page < p.pages).then(|| format!("/admin?page={}", p.page + 1));
    let position = l.fill(
        Key::AdminPageOf,
        &[
            ("page", &p.page.to_string()),
            ("pages", &p.pages.to_string()),
        ],
    );
    view! {
        <p>{total}</p>
        {scroll_region(l.text(Key::AdminTitle), view! {
            <table>
                <thead><tr>
                    <th scope="col">{l.text(Key::FieldEmail)}</th>
                    <th scope="col">{l.text(Key::FieldNameLatin)}</th>
                    <th scope="col">{l.text(Key::AdminStatus)}</th>
                    <th scope="col">{l.text(Key::AdminAction)}</th>
                </tr></thead>
                <tbody>
                    {p.users.into_iter().map(|u| view! {
                        <tr>
                            <td>{u.email.clone()}</td>
                            <td>{u.name.clone()}</td>
                            <td>{l.text(if u.disabled { Key::AdminDisabled } else if u.verified { Key::AdminActive } else { Key::AdminUnverified })}</td>
                            <td><DisableForm user_id=u.id disabled=u.disabled email=u.email/></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <nav class="pager" aria-label=l.text(Key::AdminPages)>
            {prev.map(|h| view! { <a href=h rel="prev">{l.text(Key::AdminPrev)}</a> })}
            <span>{position}</span>
            {next.map(|h| view! { <a href=h rel="next">{l.text(Key::AdminNext)}</a> })}
        </nav>
    }
}

#[component]
fn DisableForm(user_id: i64, disabled: bool, email: String) -> impl IntoView {
    let error = form_error::<SetUserDisabled>(&["confirm", "user_id"]);
    let id = format!("confirm-{user_id}");
    let label = if disabled {
        Key::AdminEnable
    } else {
        Key::AdminDisable
    };
    view! {
        <form method="post" action=SetUserDisabled::PATH class="inline-form">
            <input type="hidden" name="user_id" value=user_id.to_string()/>
            <input type="hidden" name="disabled" value=if disabled { "false" } else { "true" }/>
            <input type="checkbox" id=id.clone() name="confirm" required=true/>
            <label for=id>{t(Key::AdminConfirm)}<span class="visually-hidden">" "{email}</span></label>
            <button type="submit" class=if disabled { "" } else { "danger" }>{t(label)}</button>
            <FormMessage error/>
        </form>
    }
}

#[component]
fn Roles() -> impl IntoView {
    let roles = Resource::new(|| (), |_| list_roles());
    view! {
        <section aria-labelledby="roles-heading">
            <h2 id="roles-heading">{t(Key::AdminRoles)}</h2>
            <Loaded resource=roles render=|r| roles_table(r)/>
        </section>
    }
}

fn roles_table(roles: Vec<GrantLine>) -> impl IntoView {
    let l = use_locale();
    view! {
        {scroll_region(l.text(Key::AdminRoles), view! {
            <table>
                <thead><tr>
                    <th scope="col">{l.text(Key::FieldEmail)}</th>
                    <th scope="col">{l.text(Key::AdminRole)}</th>
                    <th scope="col">{l.text(Key::AdminTerm)}</th>
                    <th scope="col">{l.text(Key::AdminAction)}</th>
                </tr></thead>
                <tbody>
                    {roles.into_iter().map(|g| {
                        let term = match (&g.term_start, &g.term_end) {
                            (Some(s), Some(e)) => format!("{} – {}", l.long_date(s), l.long_date(e)),
                            _ => String::new(),
                        };
                        let role = if g.scope.is_empty() { l.text(g.role.label()).to_string() } else { format!("{} — {}", l.text(g.role.label()), g.scope) };
                        view! {
                            <tr>
                                <td>{g.email.clone()}<br/><span class="hint">{g.name.clone()}</span></td>
                                <td>{role}</td>
                                <td>{term}</td>
                                <td><RevokeForm grant_id=g.id email=g.email/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

#[component]
fn RevokeForm(grant_id: i64, email: String) -> impl IntoView {
    let error = form_error::<RevokeRole>(&["confirm", "grant_id"]);
    let id = format!("revoke-{grant_id}");
    view! {
        <form method="post" action=RevokeRole::PATH class="inline-form">
            <input type="hidden" name="grant_id" value=grant_id.to_string()/>
            <input type="checkbox" id=id.clone() name="confirm" required=true/>
            <label for=id>{t(Key::AdminConfirm)}<span class="visually-hidden">" "{email}</span></label>
            <button type="submit" class="danger">{t(Key::AdminRevoke)}</button>
            <FormMessage error/>
        </form>
    }
}
