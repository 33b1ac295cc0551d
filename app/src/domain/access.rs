//! Who may do what: roles with their scopes and terms, the acting user, and the rules — pure
//! functions of (actor, action, resource), so they can be tested without a server. The services
//! call them through the guards in `server::auth::guard`; nothing else decides access. The
//! rules about applications and what hangs on them are in `applications`, those about the
//! secretariat's publications and inbox in `secretariat`.
use serde::{Deserialize, Serialize};

/// A role a person holds within a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Coordinator of one university.
    Coordinator,
    /// Staff (secretariat) of one alliance, for a term.
    Staff,
    /// Runs the installation.
    Admin,
}

impl Role {
    pub const fn code(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Staff => "staff",
            Role::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        [Role::Coordinator, Role::Staff, Role::Admin]
            .into_iter()
            .find(|r| r.code() == code)
    }

    /// Staff and administrators see personal data across universities: they must use a
    /// second factor before the role takes effect.
    pub const fn needs_second_factor(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }

    pub const fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            Role::Coordinator => Key::RoleCoordinator,
            Role::Staff => Key::RoleStaff,
            Role::Admin => Key::RoleAdmin,
        }
    }
}

/// One role assignment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: i64,
    pub role: Role,
    pub university_id: Option<i64>,
    pub alliance_id: Option<i64>,
    /// ISO dates, inclusive; `None` = open-ended.
    pub term_start: Option<String>,
    pub term_end: Option<String>,
}

impl Grant {
    /// Whether the term includes `today` (an ISO date).
    pub fn in_term(&self, today: &str) -> bool {
        self.term_start.as_deref().is_none_or(|s| s <= today)
            && self.term_end.as_deref().is_none_or(|e| today <= e)
    }
}

/// The signed-in person a request acts for, with the grants in effect right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub home_university_id: Option<i64>,
    /// Grants in term, and — for roles that need it — backed by a second factor.
    pub grants: Vec<Grant>,
}

impl Actor {
    /// Keeps the grants that are in effect on `today`. `second_factor` is true when the account
    /// has TOTP on (or is a demo account, where it is not enforced).
    pub fn new(
        user_id: i64,
        home_university_id: Option<i64>,
        grants: Vec<Grant>,
        today: &str,
        second_factor: bool,
    ) -> Actor {
        let grants = grants
            .into_iter()
            .filter(|g| g.in_term(today) && (second_factor || !g.role.needs_second_factor()))
            .collect();
        Actor {
            user_id,
            home_university_id,
            grants,
        }
    }

    pub fn is_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::Admin)
    }

    /// Alliances this actor is staff of, now.
    pub fn staff_alliances(&self) -> impl Iterator<Item = i64> + '_ {
        self.grants
            .iter()
            .filter(|g| g.role == Role::Staff)
            .filter_map(|g| g.alliance_id)
    }

    /// Universities this actor coordinates, now.
    pub fn coordinated_universities(&self) -> impl Iterator<Item = i64> + '_ {
        self.grants
            .iter()
            .filter(|g| g.role == Role::Coordinator)
            .filter_map(|g| g.university_id)
    }
}

/// The answer of a rule about a resource: across universities the resource does not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Allowed,
    Forbidden,
    Hidden,
}

mod administration;
mod applications;
mod directory;
mod opportunities;
mod secretariat;
pub use administration::*;
pub use applications::*;
pub use directory::*;
pub use opportunities::*;
pub use secretariat::*;

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn grant(
        role: Role,
        uni: Option<i64>,
        alliance: Option<i64>,
        term: Option<(&str, &str)>,
    ) -> Grant {
        Grant {
            id: 1,
            role,
            university_id: uni,
            alliance_id: alliance,
            term_start: term.map(|t| t.0.to_string()),
            term_end: term.map(|t| t.1.to_string()),
        }
    }

    #[test]
    fn statistics_are_seen_within_reach() {
        let today = "2026-11-23";
        let staff = Actor::new(
            1,
            None,
            vec![grant(Role::Staff, None, Some(1), None)],
            today,
            true,
        );
        let coordinator = Actor::new(
            2,
            Some(7),
            vec![grant(Role::Coordinator, Some(7), None, None)],
            today,
            true,
        );
        let student = Actor::new(3, Some(7), vec![], today, true);
        let ended = Actor::new(
            4,
            None,
            vec![grant(
                Role::Staff,
                None,
                Some(1),
                Some(("2025-01-01", "2025-12-31")),
            )],
            today,
            true,
        );
        // University 7 belongs to alliances 1 and 2.
        let of7 = [1, 2];
        assert_eq!(
            may_see_statistics(&staff, Some(1), None, &[]),
            Access::Allowed
        );
        assert_eq!(
            may_see_statistics(&staff, Some(2), None, &[]),
            Access::Hidden
        );
        assert_eq!(
            may_see_statistics(&staff, Some(1), Some(7), &of7),
            Access::Allowed
        );
        assert_eq!(
            may_see_statistics(&staff, Some(1), Some(8), &[2]),
            Access::Hidden
        );
        assert_eq!(
            may_see_statistics(&staff, None, Some(7), &of7),
            Access::Hidden
        );
        assert_eq!(
            may_see_statistics(&coordinator, None, Some(7), &of7),
            Access::Allowed
        );
        assert_eq!(
            may_see_statistics(&coordinator, Some(2), Some(7), &of7),
            Access::Allowed
        );
        assert_eq!(
            may_see_statistics(&coordinator, Some(3), Some(7), &of7),
            Access::Hidden
        );
        assert_eq!(
            may_see_statistics(&coordinator, Some(1), None, &[]),
            Access::Hidden
        );
        assert_eq!(
            may_see_statistics(&coordinator, None, Some(8), &[1]),
            Access::Hidden
        );
        assert_eq!(
            may_see_statistics(&student, None, Some(7), &of7),
            Access::Forbidden
        );
        assert_eq!(
            may_see_statistics(&ended, Some(1), None, &[]),
            Access::Forbidden
        );
    }

    #[test]
    fn staff_terms_end() {
        let g = grant(
            Role::Staff,
            None,
            Some(1),
            Some(("2026-01-01", "2026-12-31")),
        );
        let current = Actor::new(1, None, vec![g.clone()], "2026-11-23", true);
        let ended = Actor::new(1, None, vec![g], "2027-01-01", true);
        assert!(may_invite_coordinator(&current, &[1, 2]));
        assert!(!may_invite_coordinator(&ended, &[1, 2]));
        assert!(!may_open_administration(&ended));
    }

    #[test]
    fn staff_and_admin_roles_wait_for_a_second_factor() {
        let grants = vec![
            grant(Role::Admin, None, None, None),
            grant(Role::Coordinator, Some(5), None, None),
        ];
        let without = Actor::new(1, None, grants.clone(), "2026-11-23", false);
        assert!(!without.is_admin());
        assert_eq!(
            without.coordinated_universities().collect::<Vec<_>>(),
            vec![5]
        );
        assert!(Actor::new(1, None, grants, "2026-11-23", true).is_admin());
    }

    #[test]
    fn staff_invite_only_into_their_alliance() {
        let staff = Actor::new(
            1,
            None,
            vec![grant(Role::Staff, None, Some(1), None)],
            "2026-11-23",
            true,
        );
        assert!(may_invite_coordinator(&staff, &[1]));
        assert!(!may_invite_coordinator(&staff, &[2]));
        assert!(!may_invite_staff(&staff));
        assert!(!may_manage_accounts(&staff));
        let coordinator = Actor::new(
            2,
            None,
            vec![grant(Role::Coordinator, Some(9), None, None)],
            "2026-11-23",
            true,
        );
        assert!(!may_invite_coordinator(&coordinator, &[1]));
        assert!(!may_open_administration(&coordinator));
    }

    #[test]
    fn opportunities_are_managed_by_their_host_and_their_alliance() {
        let coord = Actor::new(
            1,
            Some(5),
            vec![grant(Role::Coordinator, Some(5), None, None)],
            "2026-11-24",
            false,
        );
        let staff = Actor::new(
            2,
            None,
            vec![grant(
                Role::Staff,
                None,
                Some(1),
                Some(("2026-01-01", "2026-12-31")),
            )],
            "2026-11-24",
            true,
        );
        let admin = Actor::new(
            3,
            None,
            vec![grant(Role::Admin, None, None, None)],
            "2026-11-24",
            true,
        );
        assert_eq!(may_manage_opportunity(&coord, 5, 2), Access::Allowed);
        assert_eq!(may_manage_opportunity(&coord, 6, 1), Access::Hidden);
        assert_eq!(may_manage_opportunity(&staff, 6, 1), Access::Allowed);
        assert_eq!(may_manage_opportunity(&staff, 6, 2), Access::Hidden);
        assert_eq!(may_manage_opportunity(&admin, 5, 1), Access::Hidden);
        assert!(may_manage_opportunities(&coord) && may_manage_opportunities(&staff));
        assert!(!may_manage_opportunities(&admin));
    }
}
