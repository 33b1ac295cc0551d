//! Who administers accounts and roles: invitations, the account list.
use super::Actor;

/// Inviting alliance staff: administrators only.
pub fn may_invite_staff(actor: &Actor) -> bool {
    actor.is_admin()
}

/// Inviting a coordinator of a university that belongs to `alliances_of_university`:
/// administrators, and staff of one of those alliances.
pub fn may_invite_coordinator(actor: &Actor, alliances_of_university: &[i64]) -> bool {
    actor.is_admin()
        || actor
            .staff_alliances()
            .any(|a| alliances_of_university.contains(&a))
}

/// Opening the administration page: administrators and current staff.
pub fn may_open_administration(actor: &Actor) -> bool {
    actor.is_admin() || actor.staff_alliances().next().is_some()
}

/// Listing, disabling and re-enabling accounts: administrators only.
pub fn may_manage_accounts(actor: &Actor) -> bool {
    actor.is_admin()
}
