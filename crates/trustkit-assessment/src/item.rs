//! [`Item`] and its [`LikertScale`]: one question of an instrument.

use crate::{Dimension, Error};

/// A closed integer answer scale such as 1–5 (agree–disagree) or 0–10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LikertScale {
    /// The lowest answer (strongest disagreement, or worst).
    pub min: u8,
    /// The highest answer (strongest agreement, or best).
    pub max: u8,
}

impl LikertScale {
    /// The five-point agreement scale, 1 (strongly disagree) to 5 (strongly agree).
    pub const FIVE_POINT: Self = Self { min: 1, max: 5 };
    /// The eleven-point scale 0–10.
    pub const ZERO_TO_TEN: Self = Self { min: 0, max: 10 };

    /// True when `answer` lies on the scale.
    #[must_use]
    pub const fn contains(&self, answer: u8) -> bool {
        answer >= self.min && answer <= self.max
    }

    /// The answer's position on the scale, `(answer − min) / (max − min)`, in `[0, 1]` for answers on
    /// a valid scale.
    #[must_use]
    pub fn position(&self, answer: u8) -> f64 {
        f64::from(answer.saturating_sub(self.min))
            / f64::from(self.max.saturating_sub(self.min).max(1))
    }
}

/// One question of an instrument: a statement the respondent rates on a Likert scale.
///
/// A *reverse-coded* item is worded so that agreeing signals *less* trust ("we often have to chase
/// them"); its answers are mirrored before scoring, so every score reads "higher is more trust".
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Item {
    /// Stable identifier, unique within the instrument; responses refer to items by it.
    pub id: String,
    /// The belief the item measures.
    pub dimension: Dimension,
    /// The statement shown to the respondent.
    pub prompt: String,
    /// The item's weight within its dimension (positive; *default* 1).
    #[cfg_attr(feature = "serde", serde(default = "default_weight"))]
    pub weight: f64,
    /// Agreeing means less trust; the answer is mirrored before scoring.
    #[cfg_attr(feature = "serde", serde(default))]
    pub reverse_coded: bool,
    /// The answer scale.
    pub scale: LikertScale,
}

#[cfg(feature = "serde")]
const fn default_weight() -> f64 {
    1.0
}

impl Item {
    /// An item with weight 1, not reverse-coded, on the five-point scale.
    #[must_use]
    pub fn new(id: impl Into<String>, dimension: Dimension, prompt: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            dimension,
            prompt: prompt.into(),
            weight: 1.0,
            reverse_coded: false,
            scale: LikertScale::FIVE_POINT,
        }
    }

    /// The same item with another weight.
    #[must_use]
    pub fn weighted(mut self, weight: f64) -> Self {
        self.weight = weight;
        self
    }

    /// The same item, reverse-coded.
    #[must_use]
    pub fn reversed(mut self) -> Self {
        self.reverse_coded = true;
        self
    }

    /// The same item on another scale.
    #[must_use]
    pub fn on_scale(mut self, scale: LikertScale) -> Self {
        self.scale = scale;
        self
    }

    /// The trust an answer expresses, in `[0, 1]`: its position on the scale, mirrored for
    /// reverse-coded items.
    #[must_use]
    pub fn score(&self, answer: u8) -> f64 {
        let position = self.scale.position(answer);
        if self.reverse_coded {
            1.0 - position
        } else {
            position
        }
    }

    /// Checks the item on its own (the instrument checks ids across items).
    pub(crate) fn validate(&self, index: usize) -> Result<(), Error> {
        if self.id.trim().is_empty() {
            return Err(Error::EmptyItemId { index });
        }
        if self.prompt.trim().is_empty() {
            return Err(Error::EmptyPrompt {
                item: self.id.clone(),
            });
        }
        if !(self.weight.is_finite() && self.weight > 0.0 && self.weight <= crate::MAX_WEIGHT) {
            return Err(Error::NonPositiveWeight {
                item: self.id.clone(),
                weight: self.weight,
            });
        }
        if self.scale.min >= self.scale.max {
            return Err(Error::InvalidScale {
                item: self.id.clone(),
                min: self.scale.min,
                max: self.scale.max,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_worked_examples() {
        let item = Item::new("x", Dimension::HasWhatItTakes, "They deliver.");
        assert_eq!(item.score(1), 0.0);
        assert_eq!(item.score(4), 0.75);
        assert_eq!(item.score(5), 1.0);
        let reversed = item.clone().reversed();
        assert_eq!(reversed.score(4), 0.25);
        let eleven = item.on_scale(LikertScale::ZERO_TO_TEN);
        assert_eq!(eleven.score(7), 0.7);
    }

    #[test]
    fn validation_names_the_item() {
        let ok = Item::new("a", Dimension::UnderstandsNeeds, "p");
        assert_eq!(ok.validate(0), Ok(()));
        assert_eq!(
            Item::new(" ", Dimension::UnderstandsNeeds, "p").validate(3),
            Err(Error::EmptyItemId { index: 3 })
        );
        assert_eq!(
            Item::new("a", Dimension::UnderstandsNeeds, "").validate(0),
            Err(Error::EmptyPrompt { item: "a".into() })
        );
        for w in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                ok.clone().weighted(w).validate(0),
                Err(Error::NonPositiveWeight { .. })
            ));
        }
        assert_eq!(
            ok.on_scale(LikertScale { min: 5, max: 5 }).validate(0),
            Err(Error::InvalidScale {
                item: "a".into(),
                min: 5,
                max: 5
            })
        );
    }
}
