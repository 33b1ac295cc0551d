//! The application workflow of ../shared/DESIGN.md as a pure state machine: which party may
//! make which move from which state, and which moves need a reason the applicant reads.
//! Groundwork for the applications capability; the services will ask [`next`] and nothing else.
use serde::{Deserialize, Serialize};

/// Where an application is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    Draft,
    Submitted,
    Nominated,
    Waitlisted,
    Accepted,
    Confirmed,
    InMobility,
    Completed,
    Rejected,
    Declined,
    Withdrawn,
}

impl State {
    pub const ALL: [State; 11] = [
        State::Draft,
        State::Submitted,
        State::Nominated,
        State::Waitlisted,
        State::Accepted,
        State::Confirmed,
        State::InMobility,
        State::Completed,
        State::Rejected,
        State::Declined,
        State::Withdrawn,
    ];

    /// No move leaves these.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            State::Completed | State::Rejected | State::Declined | State::Withdrawn
        )
    }

    /// The stable code stored in the database and used in URLs.
    pub const fn code(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Submitted => "submitted",
            State::Nominated => "nominated",
            State::Waitlisted => "waitlisted",
            State::Accepted => "accepted",
            State::Confirmed => "confirmed",
            State::InMobility => "in_mobility",
            State::Completed => "completed",
            State::Rejected => "rejected",
            State::Declined => "declined",
            State::Withdrawn => "withdrawn",
        }
    }

    /// The inverse of [`State::code`].
    pub fn parse(code: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The label a person reads.
    pub const fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            State::Draft => Key::AppStateDraft,
            State::Submitted => Key::AppStateSubmitted,
            State::Nominated => Key::AppStateNominated,
            State::Waitlisted => Key::AppStateWaitlisted,
            State::Accepted => Key::AppStateAccepted,
            State::Confirmed => Key::AppStateConfirmed,
            State::InMobility => Key::AppStateInMobility,
            State::Completed => Key::AppStateCompleted,
            State::Rejected => Key::AppStateRejected,
            State::Declined => Key::AppStateDeclined,
            State::Withdrawn => Key::AppStateWithdrawn,
        }
    }

    /// Holds one of the opportunity's places (counted against its capacity).
    pub const fn holds_place(self) -> bool {
        matches!(self, State::Accepted | State::Confirmed | State::InMobility)
    }
}

/// A move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    Submit,
    ReturnForChanges,
    Nominate,
    Reject,
    Waitlist,
    Accept,
    Confirm,
    Decline,
    Start,
    Complete,
    Withdraw,
}

impl Action {
    pub const ALL: [Action; 11] = [
        Action::Submit,
        Action::ReturnForChanges,
        Action::Nominate,
        Action::Reject,
        Action::Waitlist,
        Action::Accept,
        Action::Confirm,
        Action::Decline,
        Action::Start,
        Action::Complete,
        Action::Withdraw,
    ];

    /// The stable code used in forms, URLs and the timeline.
    pub const fn code(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::ReturnForChanges => "return",
            Action::Nominate => "nominate",
            Action::Reject => "reject",
            Action::Waitlist => "waitlist",
            Action::Accept => "accept",
            Action::Confirm => "confirm",
            Action::Decline => "decline",
            Action::Start => "start",
            Action::Complete => "complete",
            Action::Withdraw => "withdraw",
        }
    }

    /// The inverse of [`Action::code`].
    pub fn parse(code: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The button a person presses.
    pub const fn label(self) -> crate::i18n::Key {
        use crate::i18n::Key;
        match self {
            Action::Submit => Key::AppActionSubmit,
            Action::ReturnForChanges => Key::AppActionReturn,
            Action::Nominate => Key::AppActionNominate,
            Action::Reject => Key::AppActionReject,
            Action::Waitlist => Key::AppActionWaitlist,
            Action::Accept => Key::AppActionAccept,
            Action::Confirm => Key::AppActionConfirm,
            Action::Decline => Key::AppActionDecline,
            Action::Start => Key::AppActionStart,
            Action::Complete => Key::AppActionComplete,
            Action::Withdraw => Key::AppActionWithdraw,
        }
    }

    /// Moves the applicant must be given a reason for (they read it).
    pub const fn needs_reason(self) -> bool {
        matches!(
            self,
            Action::ReturnForChanges | Action::Reject | Action::Waitlist | Action::Withdraw
        )
    }
}

/// Who acts, relative to the application.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Party {
    Applicant,
    /// A coordinator of the applicant's home university.
    HomeCoordinator,
    /// A coordinator of the opportunity's host university.
    HostCoordinator,
    /// Staff of the alliance: reads everything, moves nothing.
    Staff,
    /// The platform itself: a freed place offered to the waitlist, an expired offer, the
    /// mobility's first day.
    System,
    /// Anyone else.
    Other,
}

impl Party {
    pub const ALL: [Party; 6] = [
        Party::Applicant,
        Party::HomeCoordinator,
        Party::HostCoordinator,
        Party::Staff,
        Party::System,
        Party::Other,
    ];
}

/// Why a move is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// This party never makes this move here.
    NotYours,
    /// The move does not exist from this state.
    NotNow,
}

/// The state after `party` makes `action` on an application in `state`.
pub fn next(state: State, action: Action, party: Party) -> Result<State, Refusal> {
    use Action as A;
    use Party as P;
    use State as S;
    let (to, by): (State, &[Party]) = match (state, action) {
        (S::Draft, A::Submit) => (S::Submitted, &[P::Applicant]),
        (S::Submitted, A::ReturnForChanges) => (S::Draft, &[P::HomeCoordinator]),
        (S::Submitted, A::Nominate) => (S::Nominated, &[P::HomeCoordinator]),
        (S::Submitted, A::Reject) => (S::Rejected, &[P::HomeCoordinator]),
        (S::Nominated, A::Accept) => (S::Accepted, &[P::HostCoordinator]),
        (S::Nominated, A::Waitlist) => (S::Waitlisted, &[P::HostCoordinator]),
        (S::Nominated | S::Waitlisted, A::Reject) => (S::Rejected, &[P::HostCoordinator]),
        // A freed place goes to the first waitlisted applicant automatically; the host may
        // also accept from the waitlist when it has a place.
        (S::Waitlisted, A::Accept) => (S::Accepted, &[P::HostCoordinator, P::System]),
        (S::Accepted, A::Confirm) => (S::Confirmed, &[P::Applicant]),
        // An offer that expires is declined by the platform.
        (S::Accepted, A::Decline) => (S::Declined, &[P::Applicant, P::System]),
        (S::Confirmed, A::Start) => (S::InMobility, &[P::HostCoordinator, P::System]),
        (S::InMobility, A::Complete) => (S::Completed, &[P::HomeCoordinator]),
        (s, A::Withdraw) if !s.is_final() => (S::Withdrawn, &[P::Applicant]),
        _ => return Err(Refusal::NotNow),
    };
    if by.contains(&party) {
        Ok(to)
    } else {
        Err(Refusal::NotYours)
    }
}

/// The moves `party` can make now — the buttons an application page shows, and no others.
pub fn available(state: State, party: Party) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|a| next(state, *a, party).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Party as P;
    use State as S;

    /// Every allowed (state, action, party) and where it leads; everything else is refused.
    const ALLOWED: &[(State, Action, Party, State)] = &[
        (S::Draft, A::Submit, P::Applicant, S::Submitted),
        (S::Draft, A::Withdraw, P::Applicant, S::Withdrawn),
        (
            S::Submitted,
            A::ReturnForChanges,
            P::HomeCoordinator,
            S::Draft,
        ),
        (S::Submitted, A::Nominate, P::HomeCoordinator, S::Nominated),
        (S::Submitted, A::Reject, P::HomeCoordinator, S::Rejected),
        (S::Submitted, A::Withdraw, P::Applicant, S::Withdrawn),
        (S::Nominated, A::Accept, P::HostCoordinator, S::Accepted),
        (S::Nominated, A::Waitlist, P::HostCoordinator, S::Waitlisted),
        (S::Nominated, A::Reject, P::HostCoordinator, S::Rejected),
        (S::Nominated, A::Withdraw, P::Applicant, S::Withdrawn),
        (S::Waitlisted, A::Accept, P::HostCoordinator, S::Accepted),
        (S::Waitlisted, A::Accept, P::System, S::Accepted),
        (S::Waitlisted, A::Reject, P::HostCoordinator, S::Rejected),
        (S::Waitlisted, A::Withdraw, P::Applicant, S::Withdrawn),
        (S::Accepted, A::Confirm, P::Applicant, S::Confirmed),
        (S::Accepted, A::Decline, P::Applicant, S::Declined),
        (S::Accepted, A::Decline, P::System, S::Declined),
        (S::Accepted, A::Withdraw, P::Applicant, S::Withdrawn),
        (S::Confirmed, A::Start, P::HostCoordinator, S::InMobility),
        (S::Confirmed, A::Start, P::System, S::InMobility),
        (S::Confirmed, A::Withdraw, P::Applicant, S::Withdrawn),
        (S::InMobility, A::Complete, P::HomeCoordinator, S::Completed),
        (S::InMobility, A::Withdraw, P::Applicant, S::Withdrawn),
    ];

    #[test]
    fn every_state_action_and_party_is_allowed_or_refused_as_specified() {
        let mut checked = 0;
        for s in State::ALL {
            for a in Action::ALL {
                for p in Party::ALL {
                    let expected = ALLOWED
                        .iter()
                        .find(|(fs, fa, fp, _)| (*fs, *fa, *fp) == (s, a, p))
                        .map(|(_, _, _, to)| *to);
                    let got = next(s, a, p);
                    match expected {
                        Some(to) => assert_eq!(got, Ok(to), "{s:?} {a:?} by {p:?}"),
                        None => assert!(got.is_err(), "{s:?} {a:?} by {p:?} was allowed"),
                    }
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 11 * 11 * 6);
    }

    #[test]
    fn refusals_say_whether_the_move_exists_at_all() {
        assert_eq!(
            next(S::Submitted, A::Nominate, P::HostCoordinator),
            Err(Refusal::NotYours)
        );
        assert_eq!(
            next(S::Draft, A::Nominate, P::HomeCoordinator),
            Err(Refusal::NotNow)
        );
        assert_eq!(
            next(S::Completed, A::Withdraw, P::Applicant),
            Err(Refusal::NotNow)
        );
    }

    #[test]
    fn final_states_have_no_moves_and_staff_never_move() {
        for s in State::ALL {
            assert!(available(s, P::Staff).is_empty());
            assert!(available(s, P::Other).is_empty());
            if s.is_final() {
                for p in Party::ALL {
                    assert!(available(s, p).is_empty(), "{s:?} {p:?}");
                }
            }
        }
        assert_eq!(
            available(S::Nominated, P::HostCoordinator),
            vec![A::Reject, A::Waitlist, A::Accept]
        );
        assert!(A::Reject.needs_reason() && !A::Nominate.needs_reason());
        for s in State::ALL {
            assert_eq!(State::parse(s.code()), Some(s));
        }
        for a in Action::ALL {
            assert_eq!(Action::parse(a.code()), Some(a));
        }
        let places: Vec<State> = State::ALL.into_iter().filter(|s| s.holds_place()).collect();
        assert_eq!(places, vec![S::Accepted, S::Confirmed, S::InMobility]);
    }
}
