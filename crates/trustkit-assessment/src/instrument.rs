//! [`Instrument`]: a validated questionnaire, and the standard four-question instrument.

use crate::{Dimension, Error, Item};

/// A validated questionnaire: items with unique ids covering all four [`Dimension`]s.
///
/// ```
/// use trustkit_assessment::{Dimension, Instrument};
///
/// let standard = Instrument::standard();
/// assert_eq!(standard.items().len(), 20);
/// assert_eq!(standard.items_in(Dimension::FairAndAccountable).count(), 5);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RawInstrument", into = "RawInstrument")
)]
pub struct Instrument {
    name: String,
    items: Vec<Item>,
    /// Positions of `items` in ascending id order: binary search for one id, and a merge with a
    /// response's (sorted) answers, with no hashing.
    by_id: Vec<usize>,
}

impl Instrument {
    /// Validates a custom instrument.
    ///
    /// # Errors
    /// [`Error::EmptyInstrument`], and for the first offending item [`Error::EmptyItemId`],
    /// [`Error::EmptyPrompt`], [`Error::NonPositiveWeight`], [`Error::InvalidScale`] or
    /// [`Error::DuplicateItemId`]; then [`Error::UncoveredDimension`] for a dimension with no item.
    pub fn new(name: impl Into<String>, items: Vec<Item>) -> Result<Self, Error> {
        if items.is_empty() {
            return Err(Error::EmptyInstrument);
        }
        for (position, item) in items.iter().enumerate() {
            item.validate(position)?;
        }
        let by_id = sorted_by_id(&items);
        if let Some(pair) = by_id
            .windows(2)
            .find(|pair| items[pair[0]].id == items[pair[1]].id)
        {
            return Err(Error::DuplicateItemId {
                id: items[pair[0]].id.clone(),
            });
        }
        if let Some(dimension) = Dimension::ALL
            .into_iter()
            .find(|d| !items.iter().any(|item| item.dimension == *d))
        {
            return Err(Error::UncoveredDimension { dimension });
        }
        Ok(Self {
            name: name.into(),
            items,
            by_id,
        })
    }

    /// trustkit's standard instrument: five items per dimension on the five-point agreement scale, all
    /// weight 1, covering the topics of DESIGN §4. Two items are reverse-coded, to catch respondents who
    /// agree with everything. The wording is trustkit's own.
    #[must_use]
    pub fn standard() -> Self {
        let items = STANDARD_ITEMS
            .iter()
            .map(|&(id, dimension, prompt, reversed)| {
                let item = Item::new(id, dimension, prompt);
                if reversed { item.reversed() } else { item }
            })
            .collect();
        // The table is fixed and a test validates it, so build it directly rather than hand every
        // caller an error that cannot happen.
        Self::from_trusted("trustkit standard", items)
    }

    /// Builds without validation; only for item tables checked by tests.
    fn from_trusted(name: &str, items: Vec<Item>) -> Self {
        Self {
            name: name.to_owned(),
            by_id: sorted_by_id(&items),
            items,
        }
    }

    /// The instrument's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The items, in questionnaire order.
    #[must_use]
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The item with this id.
    #[must_use]
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.position(id).map(|k| &self.items[k])
    }

    /// The position of the item with this id in [`Instrument::items`].
    #[must_use]
    pub fn position(&self, id: &str) -> Option<usize> {
        self.by_id
            .binary_search_by(|&k| self.items[k].id.as_str().cmp(id))
            .ok()
            .map(|found| self.by_id[found])
    }

    /// Item positions in ascending id order.
    pub(crate) fn by_id(&self) -> &[usize] {
        &self.by_id
    }

    /// The items that measure one dimension.
    pub fn items_in(&self, dimension: Dimension) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(move |item| item.dimension == dimension)
    }

    /// Reads an instrument from JSON and validates it.
    ///
    /// ```
    /// use trustkit_assessment::Instrument;
    ///
    /// let json = Instrument::standard().to_json()?;
    /// assert_eq!(Instrument::from_json(&json)?, Instrument::standard());
    /// assert!(Instrument::from_json(r#"{"name": "x", "items": []}"#).is_err());
    /// # Ok::<(), trustkit_assessment::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Json`] with line and column for malformed JSON, a missing field, or any validation
    /// error of [`Instrument::new`].
    #[cfg(feature = "serde")]
    #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
    pub fn from_json(json: &str) -> Result<Self, Error> {
        crate::error::from_json("instrument", json)
    }

    /// Writes the instrument as pretty-printed JSON.
    ///
    /// # Errors
    /// [`Error::Json`] if serialisation fails (it does not for valid instruments).
    #[cfg(feature = "serde")]
    #[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(self).map_err(|e| crate::error::json_error("instrument", &e))
    }
}

/// Positions of `items` sorted by id (byte order, as `String`'s `Ord` and `BTreeMap` use).
fn sorted_by_id(items: &[Item]) -> Vec<usize> {
    let mut by_id: Vec<usize> = (0..items.len()).collect();
    by_id.sort_by(|&a, &b| items[a].id.cmp(&items[b].id));
    by_id
}

/// The unvalidated form of an instrument on the wire.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstrument {
    name: String,
    items: Vec<Item>,
}

#[cfg(feature = "serde")]
impl TryFrom<RawInstrument> for Instrument {
    type Error = Error;

    fn try_from(raw: RawInstrument) -> Result<Self, Error> {
        Self::new(raw.name, raw.items)
    }
}

#[cfg(feature = "serde")]
impl From<Instrument> for RawInstrument {
    fn from(instrument: Instrument) -> Self {
        Self {
            name: instrument.name,
            items: instrument.items,
        }
    }
}

/// The standard items: id, dimension, prompt, reverse-coded.
const STANDARD_ITEMS: [(&str, Dimension, &str, bool); 20] = [
    // Understands what we need.
    (
        "needs.problem",
        Dimension::UnderstandsNeeds,
        "They can describe the business problem we bought their product to solve in our own terms.",
        false,
    ),
    (
        "needs.urgency",
        Dimension::UnderstandsNeeds,
        "They know why solving this problem matters to us now rather than later.",
        false,
    ),
    (
        "needs.outcomes",
        Dimension::UnderstandsNeeds,
        "They know which measurable outcomes we count as success.",
        false,
    ),
    (
        "needs.segment",
        Dimension::UnderstandsNeeds,
        "They know what good and bad results look like for organisations like ours.",
        false,
    ),
    (
        "needs.current_state",
        Dimension::UnderstandsNeeds,
        "They have assessed where we stand today before recommending what to do.",
        false,
    ),
    // Will do what it says.
    (
        "commit.approach",
        Dimension::KeepsCommitments,
        "They have explained clearly how their approach beats staying as we are or choosing someone else.",
        false,
    ),
    (
        "commit.risks",
        Dimension::KeepsCommitments,
        "They tell us the risks of what they propose and how they will reduce them.",
        false,
    ),
    (
        "commit.proof",
        Dimension::KeepsCommitments,
        "They back their claims with evidence from customers like us.",
        false,
    ),
    (
        "commit.tracking",
        Dimension::KeepsCommitments,
        "We often have to chase them for things they said they would do.",
        true,
    ),
    (
        "commit.one_company",
        Dimension::KeepsCommitments,
        "Sales, services and support tell us the same story and act as one company.",
        false,
    ),
    // Has what it takes.
    (
        "capability.valued_problems",
        Dimension::HasWhatItTakes,
        "They solve problems that matter to our business, not just technical ones.",
        false,
    ),
    (
        "capability.product_claims",
        Dimension::HasWhatItTakes,
        "Their product does what they said it would do.",
        false,
    ),
    (
        "capability.consistency",
        Dimension::HasWhatItTakes,
        "The quality of their people is the same whichever team we deal with.",
        false,
    ),
    (
        "capability.value_gaps",
        Dimension::HasWhatItTakes,
        "They know where we are not yet getting the value they promised.",
        false,
    ),
    (
        "capability.closing_gaps",
        Dimension::HasWhatItTakes,
        "When we fall short of the promised value, they act to close the gap.",
        false,
    ),
    // Will be fair and accountable.
    (
        "fair.pricing",
        Dimension::FairAndAccountable,
        "What we pay them rises and falls with the value we actually get.",
        false,
    ),
    (
        "fair.alternatives",
        Dimension::FairAndAccountable,
        "Their terms are fair compared with what others would offer us.",
        false,
    ),
    (
        "fair.skin_in_game",
        Dimension::FairAndAccountable,
        "They share the consequences when things do not work out.",
        false,
    ),
    (
        "fair.self_interest",
        Dimension::FairAndAccountable,
        "When our interests and theirs conflict, they put theirs first.",
        true,
    ),
    (
        "fair.our_risks",
        Dimension::FairAndAccountable,
        "They have addressed the risks that are specific to our organisation.",
        false,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LikertScale;

    #[test]
    fn standard_instrument_passes_validation_with_five_items_per_dimension() {
        let standard = Instrument::standard();
        let validated = Instrument::new(standard.name(), standard.items().to_vec()).unwrap();
        assert_eq!(validated, standard);
        for d in Dimension::ALL {
            assert_eq!(standard.items_in(d).count(), 5, "{d}");
        }
        assert_eq!(
            standard.items().iter().filter(|i| i.reverse_coded).count(),
            2
        );
        assert_eq!(standard.position("fair.pricing"), Some(15));
        assert!(standard.item("nope").is_none());
    }

    fn one_per_dimension() -> Vec<Item> {
        Dimension::ALL
            .iter()
            .map(|&d| Item::new(d.name(), d, "prompt"))
            .collect()
    }

    #[test]
    fn validation_errors() {
        assert_eq!(Instrument::new("x", vec![]), Err(Error::EmptyInstrument));
        let mut dup = one_per_dimension();
        dup.push(Item::new(
            "understands_needs",
            Dimension::UnderstandsNeeds,
            "again",
        ));
        assert_eq!(
            Instrument::new("x", dup),
            Err(Error::DuplicateItemId {
                id: "understands_needs".into()
            })
        );
        let mut uncovered = one_per_dimension();
        uncovered.pop();
        assert_eq!(
            Instrument::new("x", uncovered),
            Err(Error::UncoveredDimension {
                dimension: Dimension::FairAndAccountable
            })
        );
        let mut bad_scale = one_per_dimension();
        bad_scale[1] = bad_scale[1]
            .clone()
            .on_scale(LikertScale { min: 3, max: 2 });
        assert!(matches!(
            Instrument::new("x", bad_scale),
            Err(Error::InvalidScale { .. })
        ));
    }
}
