//! Who writes what an alliance's secretariat publishes (news, events) and reads what is written
//! to it (the contact messages).
use super::{Access, Actor};

/// Opening the managers of news and events: administrators and current staff.
pub fn may_open_publishing(actor: &Actor) -> bool {
    actor.is_admin() || actor.staff_alliances().next().is_some()
}

/// Writing, publishing, withdrawing and deleting the news and events of `alliance`: its current
/// staff and administrators. Other staff are not told that a draft exists; other accounts are
/// refused.
pub fn may_publish(actor: &Actor, alliance: i64) -> Access {
    if actor.is_admin() || actor.staff_alliances().any(|a| a == alliance) {
        Access::Allowed
    } else if actor.staff_alliances().next().is_some() {
        Access::Hidden
    } else {
        Access::Forbidden
    }
}

/// Reading, answering and marking the messages sent to `alliance`'s secretariat: its current
/// staff. Other staff are not told the inbox exists; other accounts (administrators included:
/// the messages are the secretariat's correspondence) are refused.
pub fn may_read_messages(actor: &Actor, alliance: i64) -> Access {
    if actor.staff_alliances().any(|a| a == alliance) {
        Access::Allowed
    } else if actor.staff_alliances().next().is_some() {
        Access::Hidden
    } else {
        Access::Forbidden
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::grant;
    use super::*;
    use crate::domain::access::Role;

    #[test]
    fn news_is_written_by_its_alliance_staff_and_administrators() {
        let today = "2026-11-23";
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
        assert_eq!(may_publish(&staff, 1), Access::Allowed);
        assert_eq!(may_publish(&admin, 1), Access::Allowed);
        assert_eq!(may_publish(&other, 1), Access::Hidden);
        assert_eq!(may_publish(&former, 1), Access::Forbidden);
        assert_eq!(may_publish(&coordinator, 1), Access::Forbidden);
        assert!(may_open_publishing(&other) && !may_open_publishing(&coordinator));
        assert_eq!(may_read_messages(&staff, 1), Access::Allowed);
        assert_eq!(may_read_messages(&other, 1), Access::Hidden);
        assert_eq!(may_read_messages(&admin, 1), Access::Forbidden);
        assert_eq!(may_read_messages(&former, 1), Access::Forbidden);
    }
}
