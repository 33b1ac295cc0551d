//! Guards: the services' one way to ask the rules in `domain::access`. Each returns the error
//! the client must see — 401 without a session, 403 for a visible resource, 404 for one the
//! actor may not know about.
use crate::domain::access::{Access, Actor};
use crate::server::error::ServiceError;

/// The signed-in actor, or 401.
pub fn signed_in(actor: Option<Actor>) -> Result<Actor, ServiceError> {
    actor.ok_or(ServiceError::Unauthenticated)
}

/// 403 unless `allowed`.
pub fn ensure(allowed: bool) -> Result<(), ServiceError> {
    if allowed {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Maps an [`Access`] answer.
pub fn check(access: Access) -> Result<(), ServiceError> {
    match access {
        Access::Allowed => Ok(()),
        Access::Forbidden => Err(ServiceError::Forbidden),
        Access::Hidden => Err(ServiceError::NotFound),
    }
}
