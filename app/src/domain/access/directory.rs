//! Who edits the member directory: administrators everything; an alliance's current staff
//! the universities that are or were members of their alliance, and that alliance's
//! memberships.
use super::{Access, Actor};

/// Opening the directory's administration and adding a university: administrators and current
/// staff (staff add it to their own alliance, `may_manage_membership`).
pub fn may_administer_directory(actor: &Actor) -> bool {
    super::may_open_administration(actor)
}

/// Editing a university that is or was a member of `alliances_ever`: administrators, and
/// staff of one of those alliances. Other staff are not told it is editable (404); other
/// accounts are refused.
pub fn may_edit_university(actor: &Actor, alliances_ever: &[i64]) -> Access {
    if actor.is_admin() || actor.staff_alliances().any(|a| alliances_ever.contains(&a)) {
        Access::Allowed
    } else if actor.staff_alliances().next().is_some() {
        Access::Hidden
    } else {
        Access::Forbidden
    }
}

/// Adding a member to `alliance`, recording that one left, marking founding and council
/// members and naming liaison secretaries: its current staff and administrators.
pub fn may_manage_membership(actor: &Actor, alliance: i64) -> Access {
    super::may_publish(actor, alliance)
}

#[cfg(test)]
mod tests {
    use super::super::tests::grant;
    use super::*;
    use crate::domain::access::Role;

    #[test]
    fn the_directory_is_edited_by_administrators_and_the_members_alliance_staff() {
        let today = "2026-12-07";
        let actor = |role, alliance, term| {
            Actor::new(
                1,
                None,
                vec![grant(role, None, alliance, term)],
                today,
                true,
            )
        };
        let staff = actor(Role::Staff, Some(1), None);
        let other = actor(Role::Staff, Some(2), None);
        let former = actor(Role::Staff, Some(1), Some(("2025-01-01", "2025-12-31")));
        let admin = actor(Role::Admin, None, None);
        let coordinator = Actor::new(
            1,
            Some(5),
            vec![grant(Role::Coordinator, Some(5), None, None)],
            today,
            false,
        );
        assert!(may_administer_directory(&staff) && may_administer_directory(&admin));
        assert!(!may_administer_directory(&former) && !may_administer_directory(&coordinator));
        assert_eq!(may_edit_university(&staff, &[1]), Access::Allowed);
        assert_eq!(may_edit_university(&staff, &[2]), Access::Hidden);
        assert_eq!(may_edit_university(&admin, &[]), Access::Allowed);
        assert_eq!(may_edit_university(&coordinator, &[1]), Access::Forbidden);
        assert_eq!(may_edit_university(&other, &[1, 2]), Access::Allowed);
        assert_eq!(may_manage_membership(&other, 1), Access::Hidden);
        assert_eq!(may_manage_membership(&staff, 1), Access::Allowed);
        assert_eq!(may_manage_membership(&former, 1), Access::Forbidden);
    }
}
