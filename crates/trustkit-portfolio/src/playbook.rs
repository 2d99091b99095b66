//! The playbook: the one recommended action for a diagnosis, tied to one of the five moments.

use trustkit_assessment::Dimension;
use trustkit_core::Moment;
use trustkit_equation::Component;
use trustkit_loyalty::{Colour, Commitment, JourneyMap, RelationshipState};

use crate::Findings;

/// Which rule of the playbook fired. Rules are tried in this order; the first that applies wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// A recent broken promise (prediction error ≤ −0.5 in the last three experiences) while
    /// commitment is calculative: the account is weighing alternatives right now.
    BetrayalUnderCalculative,
    /// A recent broken promise while commitment is still affective.
    RecentBetrayal,
    /// Health is red.
    RedHealth,
    /// The assessment's weakest belief scores below 0.6.
    WeakBelief,
    /// The trust equation's level is below 0.65: pull its best lever.
    EquationLever,
    /// Commitment is calculative without a more specific cause: give proof.
    Calculative,
    /// Trusted but not respected (a sponsor changed, or the supplier is liked but not listened to).
    LowRespect,
    /// The designed journey never uses a moment.
    UnusedMoment,
    /// Nothing is wrong: delight.
    Delight,
}

/// The recommended action.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Action {
    /// The moment to create.
    pub moment: Moment,
    /// The rule that chose it.
    pub rule: Rule,
    /// What to do, in one line.
    pub headline: String,
}

/// Severity of a recent surprise from which it counts as a broken promise (a prediction error of
/// −0.5 or worse).
pub const BETRAYAL: f64 = 0.5;

/// Applies the playbook: the first [`Rule`] that the findings (and the designed journey, if any)
/// meet decides the action.
#[must_use]
pub fn recommend(d: &Findings, journey: Option<&JourneyMap>) -> Action {
    let act = |moment, rule, headline: String| Action {
        moment,
        rule,
        headline,
    };
    let betrayed = d.betrayal().value() >= BETRAYAL;
    if betrayed && d.commitment == Commitment::Calculative {
        return act(
            Moment::Truth,
            Rule::BetrayalUnderCalculative,
            "Executive call this week: own the broken promise and agree a dated recovery plan"
                .into(),
        );
    }
    if betrayed {
        return act(
            Moment::Truth,
            Rule::RecentBetrayal,
            "Name the miss before they do, fix it, and show the fix".into(),
        );
    }
    if let Some(h) = d.health.as_ref().filter(|h| h.colour == Colour::Red) {
        let driver = h.driver.as_deref().unwrap_or("the red metric");
        return act(
            Moment::Power,
            Rule::RedHealth,
            format!("Health is red on {driver}: agree a plan on {driver} with the champion"),
        );
    }
    if let Some(a) = d.assessment.as_ref() {
        if let (Some(weakest), Some(score)) = (a.weakest, a.weakest_score) {
            if score < 0.6 {
                let (moment, text) = match weakest {
                    Dimension::UnderstandsNeeds => (
                        Moment::Connection,
                        "Run a discovery session on their outcomes and why now; play it back in their words",
                    ),
                    Dimension::KeepsCommitments => (
                        Moment::Proof,
                        "Log every commitment where they can see it and show each one kept",
                    ),
                    Dimension::HasWhatItTakes => (
                        Moment::Proof,
                        "Show results from customers like them and close the gap to promised value",
                    ),
                    Dimension::FairAndAccountable => (
                        Moment::Truth,
                        "Review price against value realised and put skin in the game",
                    ),
                };
                return act(moment, Rule::WeakBelief, text.into());
            }
        }
    }
    if let Some(e) = d.equation.as_ref().filter(|e| e.level < 0.65) {
        let (moment, text) = match e.best_lever {
            Some(Component::SelfOrientation) => (
                Moment::Connection,
                "Lower self-orientation: lead every meeting with their agenda, not ours",
            ),
            Some(Component::Credibility) => (
                Moment::Proof,
                "Raise credibility: back each claim with evidence",
            ),
            Some(Component::Reliability) => (
                Moment::Proof,
                "Raise reliability: make small promises and keep every one",
            ),
            Some(Component::Intimacy) | None => (
                Moment::Connection,
                "Raise intimacy: make it safe to raise problems early",
            ),
        };
        return act(moment, Rule::EquationLever, text.into());
    }
    if d.commitment == Commitment::Calculative {
        return act(
            Moment::Proof,
            Rule::Calculative,
            "They are comparing offers: bring a value review with hard numbers before the renewal"
                .into(),
        );
    }
    if d.relationship == RelationshipState::TrustWithoutRespect {
        return act(Moment::Proof, Rule::LowRespect, "Re-earn respect upstairs: a business review with their executives on results delivered".into());
    }
    if let Some(m) = journey.and_then(|j| j.unused_moments().first().copied()) {
        return act(
            m,
            Rule::UnusedMoment,
            format!("Design a moment of {m} into the journey: {}", m.purpose()),
        );
    }
    act(
        Moment::Wow,
        Rule::Delight,
        "Keep it up: surprise them with something unasked, such as a benchmark or an early fix"
            .into(),
    )
}
