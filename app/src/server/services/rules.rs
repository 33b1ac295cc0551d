//! Conversion rules: a university's credit scheme, grade scale and conversion table, read by
//! anyone who may see them and saved as a new version by its coordinators.
use crate::domain::access::may_edit_rules;
use crate::domain::agreement_view::{RulesForm, RulesView};
use crate::domain::validation::{FieldError, Problem};
use crate::server::auth::{self, guard, Ctx};
use crate::server::error::ServiceError;
use crate::server::state::AppState;
use crate::server::store::recognition as store;

/// `/manage/rules`: the rules of a university the reader coordinates (the first, unless
/// `university` names another).
pub async fn rules_page(
    state: &AppState,
    ctx: &Ctx,
    university: Option<i64>,
) -> Result<RulesView, ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    let mut mine: Vec<i64> = actor.coordinated_universities().collect();
    mine.sort_unstable();
    mine.dedup();
    let chosen = match university {
        Some(u) if may_edit_rules(&actor, u) => u,
        Some(_) => return Err(ServiceError::NotFound),
        None => *mine.first().ok_or(ServiceError::Forbidden)?,
    };
    let mut choices = Vec::new();
    for u in &mine {
        if let Some((name, _)) = store::university(&state.db, *u, ctx.locale).await? {
            choices.push((*u, name));
        }
    }
    let (version, rules) = store::rules(&state.db, chosen).await?;
    Ok(RulesView {
        university_id: chosen,
        university_name: choices
            .iter()
            .find(|c| c.0 == chosen)
            .map(|c| c.1.clone())
            .unwrap_or_default(),
        choices,
        rules,
        version,
        versions: store::rule_versions(&state.db, chosen).await?,
    })
}

/// Saves a university's rules as a new version; its number.
pub async fn save_rules(
    state: &AppState,
    ctx: &Ctx,
    university: i64,
    form: &RulesForm,
) -> Result<i64, ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    if !may_edit_rules(&actor, university) {
        // A university the reader does not coordinate: as if it did not exist.
        return Err(if actor.coordinated_universities().next().is_some() {
            ServiceError::NotFound
        } else {
            ServiceError::Forbidden
        });
    }
    let rules = form.check().map_err(|fields| {
        ServiceError::Invalid(
            fields
                .into_iter()
                .map(|f| FieldError::new(f, Problem::Malformed))
                .collect(),
        )
    })?;
    let mut tx = state.db.begin().await?;
    let version = store::save_rules(
        &mut tx,
        university,
        &rules,
        Some(actor.user_id),
        auth::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}
