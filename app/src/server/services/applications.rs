//! Applying and following an application: start a draft from an opportunity, fill it in,
//! upload documents, submit, withdraw; the application page for everyone with a part in it;
//! messages, internal notes, and the inbox. Access is one rule (`access::application_party`):
//! whoever plays no part is told the application does not exist.
use super::workflow::{self, By};
use crate::domain::access::{application_party, Actor};
use crate::domain::application::{available, Action, Party, State};
use crate::domain::application_view::{ApplicationForm, ApplicationView, Inbox, MyLine, TEXT_MAX};
use crate::domain::document;
use crate::domain::opportunity::{parse_languages, Status as OpportunityStatus};
use crate::domain::opportunity_form::DOCUMENTS;
use crate::domain::validation::Problem;
use crate::server::auth::{self, guard, rate_limit::Bucket, Ctx};
use crate::server::error::ServiceError;
use crate::server::mail::Mail;
use crate::server::state::AppState;
use crate::server::store::accounts;
use crate::server::store::applications::documents::{self, NewDocument};
use crate::server::store::applications::{self as store, AppRow, NewApplication, NewEvent};

/// The part `actor` plays in an application of `scope`; 404 for someone who plays none.
pub fn party_in(
    actor: &Actor,
    scope: &crate::domain::access::ApplicationScope,
) -> Result<Party, ServiceError> {
    match application_party(actor, scope) {
        Party::Other => Err(ServiceError::NotFound),
        party => Ok(party),
    }
}

/// The signed-in actor and the application, if they play a part in it; 404 otherwise.
pub async fn seen(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(Actor, AppRow, Party), ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    let row = store::by_id(&state.db, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let party = party_in(&actor, &row.scope())?;
    Ok((actor, row, party))
}

/// Starts (or reopens) the reader's draft for opportunity `opportunity_id`; its id.
pub async fn start(state: &AppState, ctx: &Ctx, opportunity_id: i64) -> Result<i64, ServiceError> {
    let (actor, user) = state
        .current(&ctx.session)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    let target = store::target(&state.db, opportunity_id, ctx.locale)
        .await?
        .filter(|t| t.status != OpportunityStatus::Draft)
        .ok_or(ServiceError::NotFound)?;
    if let Some(id) = store::active_of(&state.db, actor.user_id, opportunity_id).await? {
        return Ok(id);
    }
    let now = auth::now();
    if !target.window_open(now) {
        return Err(ServiceError::invalid("form", Problem::WindowClosed));
    }
    let home = user
        .home_university_id
        .ok_or_else(|| ServiceError::invalid("form", Problem::NotEligible))?;
    if home == target.host_university_id {
        return Err(ServiceError::invalid("form", Problem::SameUniversity));
    }
    if !accounts::alliances_of_university(&state.db, home)
        .await?
        .contains(&target.alliance_id)
    {
        return Err(ServiceError::invalid("form", Problem::NotEligible));
    }
    let search = format!("{} {} {}", user.name_latin, user.name_native, user.email).to_lowercase();
    let mut tx = state.db.begin().await?;
    let level = user.level.clone().unwrap_or_default();
    let new = NewApplication {
        opportunity_id,
        applicant_id: actor.user_id,
        home_university_id: home,
        host_university_id: target.host_university_id,
        alliance_id: target.alliance_id,
        level: &level,
        search_text: &search,
        seed_key: None,
    };
    let Some(id) = store::insert(&mut tx, &new, now).await? else {
        // Another request created it a moment ago.
        drop(tx);
        return store::active_of(&state.db, actor.user_id, opportunity_id)
            .await?
            .ok_or_else(|| ServiceError::invalid("form", Problem::AlreadyApplied));
    };
    tx.commit().await?;
    Ok(id)
}

/// The application page as `ctx`'s reader may see it.
pub async fn page(state: &AppState, ctx: &Ctx, id: i64) -> Result<ApplicationView, ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    let head = store::page_head(&state.db, id, ctx.locale)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let party = party_in(&actor, &head.row.scope())?;
    let row = &head.row;
    let st = row.state;
    let coordinator = matches!(party, Party::HomeCoordinator | Party::HostCoordinator);
    let history = store::history(&state.db, id, coordinator || party == Party::Staff).await?;
    let form = ApplicationForm {
        motivation: row.motivation.clone(),
        level: row.level.clone(),
        year_of_study: row.year_of_study.map(|y| y.to_string()).unwrap_or_default(),
        languages: parse_languages(&row.languages)
            .into_iter()
            .map(|r| (r.language, r.level))
            .collect(),
    };
    Ok(ApplicationView {
        id,
        state: st,
        party,
        opportunity_id: row.opportunity_id,
        opportunity_title: head.opportunity_title.clone(),
        host_name: head.names.host.clone(),
        home_name: head.names.home.clone(),
        applicant_name: head.names.applicant.clone(),
        applicant_email: if party == Party::Applicant || coordinator || party == Party::Staff {
            head.names.email.clone()
        } else {
            String::new()
        },
        form,
        required_languages: parse_languages(&head.required_languages),
        eligible_levels: head.eligible_levels(),
        required_documents: head.required_documents(),
        documents: history.documents,
        timeline: history.timeline,
        actions: available(st, party),
        reason: row.reason.clone(),
        offer_expires_at: row.offer_expires_at,
        closes_at: head.closes_at,
        rank: row.rank,
        editable: party == Party::Applicant && st == State::Draft,
        notes: coordinator,
        may_message: party != Party::Staff && !st.is_final(),
        max_document_bytes: state.document_max_bytes as i64,
    })
}

/// Saves the applicant's draft.
pub async fn save(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: &ApplicationForm,
) -> Result<(), ServiceError> {
    let (_, row, party) = seen(state, ctx, id).await?;
    guard::ensure(party == Party::Applicant)?;
    if row.state != State::Draft {
        return Err(ServiceError::invalid("form", Problem::Stale));
    }
    let levels: Vec<&str> = crate::domain::account::Level::ALL
        .iter()
        .map(|l| l.code())
        .collect();
    let values = form.draft(&levels).map_err(ServiceError::Invalid)?;
    let mut tx = state.db.begin().await?;
    if !store::update_form(&mut tx, id, &values, auth::now()).await? {
        return Err(ServiceError::invalid("form", Problem::Stale));
    }
    tx.commit().await?;
    Ok(())
}

/// Makes `action` on application `id` as the reader.
pub async fn decide(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    action: &str,
    reason: &str,
) -> Result<State, ServiceError> {
    let (actor, _, _) = seen(state, ctx, id).await?;
    let action =
        Action::parse(action).ok_or_else(|| ServiceError::invalid("action", Problem::Malformed))?;
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    let to =
        workflow::make_move(&mut tx, state, id, action, By::Person(&actor), reason, now).await?;
    tx.commit().await?;
    state.mail.wake();
    Ok(to)
}

/// A message on the application (to the applicant and its coordinators), or a coordinators'
/// internal note.
pub async fn write(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    body: &str,
    internal: bool,
) -> Result<(), ServiceError> {
    let (actor, row, party) = seen(state, ctx, id).await?;
    let coordinator = matches!(party, Party::HomeCoordinator | Party::HostCoordinator);
    guard::ensure(if internal {
        coordinator
    } else {
        coordinator || party == Party::Applicant
    })?;
    let body = body.trim().replace("\r\n", "\n");
    match body.chars().count() {
        0 => return Err(ServiceError::invalid("body", Problem::Required)),
        n if n > TEXT_MAX => return Err(ServiceError::invalid("body", Problem::TooLong)),
        _ => {}
    }
    let now = auth::now();
    let mut tx = state.db.begin().await?;
    store::add_event(
        &mut tx,
        &NewEvent {
            application_id: id,
            actor_id: Some(actor.user_id),
            kind: if internal { "note" } else { "message" },
            action: None,
            from: None,
            to: None,
            body: &body,
        },
        now,
    )
    .await?;
    if !internal {
        let who = (true, true, row.nominated_at.is_some());
        let (_, recipients) = workflow::parties(&mut tx, &row, who, Some(actor.user_id)).await?;
        let author = store::person(&mut tx, actor.user_id)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        let titles = workflow::titles(&mut tx, row.opportunity_id).await?;
        let mail = |l| Mail::ApplicationMessage {
            id,
            title: titles.get(l),
            author: &author,
            message: &body,
        };
        workflow::tell_each(&mut tx, state, &recipients, id, "message", mail, now).await?;
    }
    tx.commit().await?;
    state.mail.wake();
    Ok(())
}

/// The reader's applications.
pub async fn mine(state: &AppState, ctx: &Ctx) -> Result<Vec<MyLine>, ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    Ok(store::mine(&state.db, actor.user_id, ctx.locale).await?)
}

/// Only the applicant uploads (403 for the application's coordinators, 404 for anyone else).
pub async fn uploader(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), ServiceError> {
    let (_, _, party) = seen(state, ctx, id).await?;
    guard::ensure(party == Party::Applicant)
}

/// Stores a document of kind `kind` on the reader's draft; its id.
pub async fn upload(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    kind: &str,
    original_name: &str,
    bytes: &[u8],
) -> Result<i64, ServiceError> {
    let (actor, row, party) = seen(state, ctx, id).await?;
    guard::ensure(party == Party::Applicant)?;
    if row.state != State::Draft {
        return Err(ServiceError::invalid("form", Problem::Stale));
    }
    if !DOCUMENTS.contains(&kind) {
        return Err(ServiceError::invalid("kind", Problem::Unknown));
    }
    let field = format!("doc.{kind}");
    if state
        .limiter
        .attempt(Bucket::Upload, &actor.user_id.to_string())
        .is_err()
    {
        return Err(ServiceError::invalid(&field, Problem::UploadsTooFast));
    }
    let file_type = document::sniff(bytes, state.document_max_bytes)
        .map_err(|p| ServiceError::invalid(&field, p))?;
    let name = document::display_name(original_name, file_type);
    let key = uuid::Uuid::new_v4().simple().to_string();
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(bytes))
    };
    let mut tx = state.db.begin().await?;
    let (count, total) = documents::usage(&mut tx, id).await?;
    document::fits(count, total, bytes.len(), state.document_max_bytes)
        .map_err(|p| ServiceError::invalid(&field, p))?;
    let doc = documents::put(
        &mut tx,
        &NewDocument {
            application_id: id,
            kind,
            file_name: &name,
            content_type: file_type.content_type(),
            sha256: &sha,
            storage_key: &key,
            uploaded_by: actor.user_id,
        },
        bytes,
        auth::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(doc)
}

/// Removes a document from the reader's draft.
pub async fn remove_document(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    document_id: i64,
) -> Result<(), ServiceError> {
    let (_, row, party) = seen(state, ctx, id).await?;
    guard::ensure(party == Party::Applicant)?;
    if row.state != State::Draft {
        return Err(ServiceError::invalid("form", Problem::Stale));
    }
    let mut tx = state.db.begin().await?;
    if !documents::delete(&mut tx, id, document_id).await? {
        return Err(ServiceError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// A document of an application the reader plays a part in: (name, content type, bytes).
pub async fn download(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    document_id: i64,
) -> Result<(String, String, Vec<u8>), ServiceError> {
    seen(state, ctx, id).await?;
    documents::file(&state.db, id, document_id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The reader's inbox, newest first.
pub async fn inbox(state: &AppState, ctx: &Ctx) -> Result<Inbox, ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    let items = store::inbox(&state.db, actor.user_id, ctx.locale, 100).await?;
    let unread = items.iter().filter(|i| !i.read).count() as i64;
    Ok(Inbox { items, unread })
}

/// Marks every notification of the reader read.
pub async fn mark_read(state: &AppState, ctx: &Ctx) -> Result<(), ServiceError> {
    let actor = guard::signed_in(state.actor(&ctx.session).await?)?;
    let mut tx = state.db.begin().await?;
    store::mark_read(&mut tx, actor.user_id, auth::now()).await?;
    tx.commit().await?;
    Ok(())
}
