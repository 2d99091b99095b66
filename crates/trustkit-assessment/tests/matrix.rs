//! The answer-matrix path equals the object path bit for bit, and refuses what does not fit.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use trustkit_assessment::{
    Answer, AnswerMatrix, Error, Instrument, MISSING, NOT_APPLICABLE, Response, Role, RoleWeights,
    ScoringPolicy,
};

/// Codes per item: a value 1–5, missing, or not applicable.
fn code() -> impl Strategy<Value = u8> {
    prop_oneof![6 => 1u8..=5, 1 => Just(MISSING), 1 => Just(NOT_APPLICABLE)]
}

proptest! {
    #[test]
    fn matrix_equals_responses_bit_for_bit(
        accounts in proptest::collection::vec(
            proptest::collection::vec((0usize..6, proptest::collection::vec(code(), 20)), 0..6),
            1..8,
        ),
        weighted in any::<bool>(),
    ) {
        let instrument = Instrument::standard();
        let items = instrument.items();
        prop_assert_eq!(items.len(), 20);
        let mut policy = ScoringPolicy::default();
        policy.coverage.min_respondents = 1;
        if weighted {
            policy.role_weights = RoleWeights { sponsor: 3.0, user: 0.5, ..RoleWeights::EQUAL };
        }
        let (mut answers, mut roles, mut offsets) = (Vec::new(), Vec::new(), vec![0]);
        for respondents in &accounts {
            for (role, codes) in respondents {
                answers.extend_from_slice(codes);
                roles.push(Role::ALL[*role]);
            }
            offsets.push(roles.len());
        }
        let matrix = AnswerMatrix::new(items.len(), &answers, &roles, &offsets).unwrap();
        let by_matrix = policy.score_matrix(&instrument, &matrix).unwrap();
        let at = Utc.with_ymd_and_hms(2026, 6, 30, 0, 0, 0).unwrap();
        for (a, respondents) in accounts.iter().enumerate() {
            let responses: Vec<Response> = respondents
                .iter()
                .enumerate()
                .map(|(k, (role, codes))| {
                    let mut r = Response::new(format!("r{k}"), Role::ALL[*role], at).unwrap();
                    for (item, &c) in items.iter().zip(codes) {
                        match c {
                            MISSING => {}
                            NOT_APPLICABLE => {
                                r.answers.insert(item.id.clone(), Answer::NotApplicable);
                            }
                            v => r = r.answer(item.id.clone(), v),
                        }
                    }
                    r
                })
                .collect();
            let m = &by_matrix[a];
            prop_assert_eq!(m.respondents, responses.len());
            if responses.is_empty() {
                prop_assert!(m.overall.is_none());
                continue;
            }
            let o = policy.score(&instrument, &responses).unwrap();
            prop_assert_eq!(m.dimensions, o.dimensions);
            prop_assert_eq!(m.overall, o.overall);
        }
    }
}

#[test]
fn a_matrix_that_does_not_fit_is_refused() {
    let instrument = Instrument::standard();
    let n = instrument.items().len();
    let answers = vec![3u8; n * 2];
    let roles = [Role::User, Role::User];
    assert!(matches!(
        AnswerMatrix::new(n, &answers[..n], &roles, &[0, 2]),
        Err(Error::MatrixShape {
            what: "the answer count",
            ..
        })
    ));
    assert!(matches!(
        AnswerMatrix::new(n, &answers, &roles, &[0, 1]),
        Err(Error::MatrixShape {
            what: "the last offset",
            ..
        })
    ));
    assert!(matches!(
        AnswerMatrix::new(n, &answers, &roles, &[0, 2, 1, 2]),
        Err(Error::MatrixShape {
            what: "an offset",
            ..
        })
    ));
    let wrong_items = AnswerMatrix::new(n - 1, &answers[..2 * (n - 1)], &roles, &[0, 2]).unwrap();
    assert!(
        ScoringPolicy::default()
            .score_matrix(&instrument, &wrong_items)
            .is_err()
    );
    let mut off = answers.clone();
    off[n + 3] = 9;
    let matrix = AnswerMatrix::new(n, &off, &roles, &[0, 2]).unwrap();
    let err = ScoringPolicy::default()
        .score_matrix(&instrument, &matrix)
        .unwrap_err();
    assert!(err.to_string().contains("\"row 1\" answered 9"), "{err}");
}
