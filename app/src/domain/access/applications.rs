//! Who sees and moves an application, and what hangs on it: the learning agreement, the
//! transcript and its recognition, the conversion rules.
use super::{Access, Actor};

/// Who an application concerns and how far it has gone: what the access rule about it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApplicationScope {
    pub applicant_id: i64,
    pub home_university_id: i64,
    pub host_university_id: i64,
    pub alliance_id: i64,
    /// Submitted at least once: the home university's coordinators see it from then on.
    pub submitted: bool,
    /// Nominated at least once: the host university's coordinators see it from then on.
    pub nominated: bool,
}

/// The part `actor` plays on an application — the one rule every application service asks.
/// An actor who plays none, or a coordinator before the application reached their side, is
/// [`Party::Other`] and is told the application does not exist.
pub fn application_party(actor: &Actor, s: &ApplicationScope) -> crate::domain::application::Party {
    use crate::domain::application::Party;
    let coordinates = |u: i64| actor.coordinated_universities().any(|c| c == u);
    if actor.user_id == s.applicant_id {
        Party::Applicant
    } else if s.submitted && coordinates(s.home_university_id) {
        Party::HomeCoordinator
    } else if s.nominated && coordinates(s.host_university_id) {
        Party::HostCoordinator
    } else if s.submitted && actor.staff_alliances().any(|a| a == s.alliance_id) {
        Party::Staff
    } else {
        Party::Other
    }
}

/// Seeing an application: anyone with a part in it; for everyone else it does not exist.
pub fn may_see_application(actor: &Actor, s: &ApplicationScope) -> Access {
    match application_party(actor, s) {
        crate::domain::application::Party::Other => Access::Hidden,
        _ => Access::Allowed,
    }
}

/// The review queues: coordinators of at least one university.
pub fn may_review(actor: &Actor) -> bool {
    actor.coordinated_universities().next().is_some()
}

/// Drafting, changing and approving a learning agreement: the applicant and the coordinators
/// of both universities, once the place is confirmed and until the mobility completes. Staff
/// of the alliance read it; nobody else sees it.
pub fn may_shape_agreement(
    party: crate::domain::application::Party,
    state: crate::domain::application::State,
) -> bool {
    use crate::domain::application::{Party, State};
    matches!(
        party,
        Party::Applicant | Party::HomeCoordinator | Party::HostCoordinator
    ) && matches!(state, State::Confirmed | State::InMobility)
}

/// Entering the transcript of records: the host's coordinator, during the mobility.
pub fn may_enter_transcript(
    party: crate::domain::application::Party,
    state: crate::domain::application::State,
) -> bool {
    use crate::domain::application::{Party, State};
    party == Party::HostCoordinator && state == State::InMobility
}

/// Deciding recognition: the home university's coordinator, during the mobility (the last
/// decision completes it).
pub fn may_recognise(
    party: crate::domain::application::Party,
    state: crate::domain::application::State,
) -> bool {
    use crate::domain::application::{Party, State};
    party == Party::HomeCoordinator && state == State::InMobility
}

/// Editing a university's conversion rules: its coordinators.
pub fn may_edit_rules(actor: &Actor, university: i64) -> bool {
    actor.coordinated_universities().any(|u| u == university)
}

#[cfg(test)]
mod tests {
    use super::super::tests::grant;
    use super::*;
    use crate::domain::access::{Grant, Role};

    #[test]
    fn an_application_is_seen_by_its_parties_once_it_reached_them() {
        use crate::domain::application::Party;
        let today = "2026-11-24";
        let actor = |id: i64, g: Vec<Grant>| Actor::new(id, Some(9), g, today, true);
        let applicant = actor(1, vec![]);
        let home = actor(2, vec![grant(Role::Coordinator, Some(10), None, None)]);
        let host = actor(3, vec![grant(Role::Coordinator, Some(20), None, None)]);
        let staff = actor(4, vec![grant(Role::Staff, None, Some(7), None)]);
        let other_staff = actor(5, vec![grant(Role::Staff, None, Some(8), None)]);
        let other = actor(6, vec![grant(Role::Coordinator, Some(30), None, None)]);
        let mut s = ApplicationScope {
            applicant_id: 1,
            home_university_id: 10,
            host_university_id: 20,
            alliance_id: 7,
            submitted: false,
            nominated: false,
        };
        let parties = |s: &ApplicationScope| {
            [&applicant, &home, &host, &staff, &other_staff, &other]
                .map(|a| application_party(a, s))
        };
        use Party::*;
        assert_eq!(parties(&s), [Applicant, Other, Other, Other, Other, Other]);
        s.submitted = true;
        assert_eq!(
            parties(&s),
            [Applicant, HomeCoordinator, Other, Staff, Other, Other]
        );
        s.nominated = true;
        assert_eq!(
            parties(&s),
            [
                Applicant,
                HomeCoordinator,
                HostCoordinator,
                Staff,
                Other,
                Other
            ]
        );
        assert_eq!(may_see_application(&other, &s), Access::Hidden);
        assert_eq!(may_see_application(&staff, &s), Access::Allowed);
        assert!(may_review(&home) && !may_review(&staff) && !may_review(&applicant));
    }

    #[test]
    fn agreements_transcripts_and_recognition_by_party_and_state() {
        use crate::domain::application::{Party, State};
        for party in [
            Party::Applicant,
            Party::HomeCoordinator,
            Party::HostCoordinator,
            Party::Staff,
            Party::Other,
            Party::System,
        ] {
            for state in State::ALL {
                let shapes = matches!(
                    party,
                    Party::Applicant | Party::HomeCoordinator | Party::HostCoordinator
                ) && matches!(state, State::Confirmed | State::InMobility);
                assert_eq!(
                    may_shape_agreement(party, state),
                    shapes,
                    "{party:?} {state:?}"
                );
                let during = state == State::InMobility;
                assert_eq!(
                    may_enter_transcript(party, state),
                    during && party == Party::HostCoordinator
                );
                assert_eq!(
                    may_recognise(party, state),
                    during && party == Party::HomeCoordinator
                );
            }
        }
    }
}
