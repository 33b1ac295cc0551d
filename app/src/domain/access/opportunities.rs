//! Who manages the opportunities a university offers within an alliance, and who sees the
//! mobility statistics.
use super::{Access, Actor};

/// Opening the opportunity manager at all: coordinators and current staff.
pub fn may_manage_opportunities(actor: &Actor) -> bool {
    actor.coordinated_universities().next().is_some() || actor.staff_alliances().next().is_some()
}

/// Creating, editing, publishing, closing and cancelling what `host` offers within
/// `alliance`: the host's coordinators and the alliance's staff (the service checks that the
/// host is a member). Anyone else is not told that a draft exists.
pub fn may_manage_opportunity(actor: &Actor, host: i64, alliance: i64) -> Access {
    if actor.coordinated_universities().any(|u| u == host)
        || actor.staff_alliances().any(|a| a == alliance)
    {
        Access::Allowed
    } else {
        Access::Hidden
    }
}

/// Seeing mobility statistics: an alliance's (`alliance` without `university`) to its current
/// staff; a university's to its coordinators (within any of its alliances) and to the staff of
/// `alliance` when the university belongs to it. Accounts with neither role are refused; staff
/// and coordinators asking beyond their reach are not told the figures exist.
pub fn may_see_statistics(
    actor: &Actor,
    alliance: Option<i64>,
    university: Option<i64>,
    alliances_of_university: &[i64],
) -> Access {
    let staff_of = |a: i64| actor.staff_alliances().any(|s| s == a);
    if actor.coordinated_universities().next().is_none() && actor.staff_alliances().next().is_none()
    {
        return Access::Forbidden;
    }
    let member = |a: i64| alliances_of_university.contains(&a);
    let allowed = match (alliance, university) {
        (Some(a), None) => staff_of(a),
        (a, Some(u)) => {
            (actor.coordinated_universities().any(|c| c == u) && a.is_none_or(member))
                || a.is_some_and(|a| staff_of(a) && member(a))
        }
        (None, None) => false,
    };
    if allowed {
        Access::Allowed
    } else {
        Access::Hidden
    }
}
