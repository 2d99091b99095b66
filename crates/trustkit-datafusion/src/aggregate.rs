//! Aggregate functions: one value per group. Each partial state is what the library needs to
//! finish the computation (counts, or the group's raw observations), so DataFusion may split a
//! group across partitions and merge the parts in any order: the result is the same.

use std::str::FromStr;
use std::sync::Arc;

use chrono::DateTime;
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BinaryArray, BooleanArray, Float64Array, StructArray, UInt64Array,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{
    DataType, Field, FieldRef, Fields, Int64Type, TimeUnit, TimestampMicrosecondType,
};
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, EmitTo, GroupsAccumulator, Signature, TypeSignature, Volatility,
};
use trustkit_assessment::{
    AccountAssessment, AnswerMatrix, Dimension, Instrument, MISSING, Role, ScoringPolicy,
};
use trustkit_learning::{Anchor, Experience, LearnerParams, ModelPreset, TrustLearner};
use trustkit_loyalty::Nps;

use crate::args::{domain_error, float64, function_identity, literal_f64, literal_str};

fn binary_state(bytes: &[u8]) -> ScalarValue {
    ScalarValue::Binary(Some(bytes.to_vec()))
}

fn binary_array(states: &ArrayRef) -> Result<&BinaryArray> {
    states
        .as_any()
        .downcast_ref::<BinaryArray>()
        .ok_or_else(|| domain_error("trustkit", "a partial state is not binary"))
}

fn binary_rows(states: &ArrayRef) -> Result<impl Iterator<Item = &[u8]>> {
    Ok(binary_array(states)?.iter().flatten())
}

/// The fields of a partial state: one per part, named after the aggregate.
fn state_fields_of(args: &StateFieldsArgs, parts: &[&str], data_type: &DataType) -> Vec<FieldRef> {
    parts
        .iter()
        .map(|part| {
            Arc::new(Field::new(
                format!("{}[{part}]", args.name),
                data_type.clone(),
                true,
            ))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// NPS

/// `nps(answer)` and `nps_margin(answer)`: the Net Promoter Score of a group's 0–10 answers and
/// its 95 % margin of error (trustkit_loyalty::Nps, adjusted Wald). NULL answers are left out; a
/// group with none is NULL; an answer outside 0–10 is an error.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct NpsUdaf {
    name: &'static str,
    margin: bool,
    signature: Signature,
}

impl NpsUdaf {
    pub(crate) fn new(margin: bool) -> Self {
        Self {
            name: if margin { "nps_margin" } else { "nps" },
            margin,
            signature: Signature::numeric(1, Volatility::Immutable),
        }
    }
}

impl AggregateUDFImpl for NpsUdaf {
    fn name(&self) -> &str {
        self.name
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }
    fn accumulator(&self, _args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(NpsAccumulator {
            name: self.name,
            margin: self.margin,
            counts: Nps {
                promoters: 0,
                passives: 0,
                detractors: 0,
            },
        }))
    }
    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let parts = ["promoters", "passives", "detractors"];
        Ok(state_fields_of(&args, &parts, &DataType::UInt64))
    }
}

#[derive(Debug)]
struct NpsAccumulator {
    name: &'static str,
    margin: bool,
    counts: Nps,
}

impl Accumulator for NpsAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let answers = cast(&values[0], &DataType::Int64)?;
        for answer in answers.as_primitive::<Int64Type>().iter().flatten() {
            let counted = u8::try_from(answer)
                .ok()
                .and_then(|a| self.counts.push(a).ok());
            if counted.is_none() {
                return Err(domain_error(
                    self.name,
                    format!("an NPS answer must be a whole number from 0 to 10, got {answer}"),
                ));
            }
        }
        Ok(())
    }
    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let Nps {
            promoters,
            passives,
            detractors,
        } = &mut self.counts;
        for (count, state) in [promoters, passives, detractors].into_iter().zip(states) {
            let state = cast(state, &DataType::UInt64)?;
            let state = state
                .as_any()
                .downcast_ref::<UInt64Array>()
                .ok_or_else(|| domain_error(self.name, "a partial count is not an integer"))?;
            *count += state.iter().flatten().sum::<u64>() as usize;
        }
        Ok(())
    }
    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let n = &self.counts;
        Ok([n.promoters, n.passives, n.detractors]
            .map(|c| ScalarValue::UInt64(Some(c as u64)))
            .to_vec())
    }
    fn evaluate(&mut self) -> Result<ScalarValue> {
        let nps = self.counts;
        if nps.respondents() == 0 {
            return Ok(ScalarValue::Float64(None));
        }
        Ok(ScalarValue::Float64(Some(if self.margin {
            nps.margin_of_error(1.96)
        } else {
            nps.score()
        })))
    }
    fn size(&self) -> usize {
        size_of_val(self)
    }
}

// ---------------------------------------------------------------------------------------------
// Assessment

/// `assessment(role, item_1, …, item_n)`: the four-question assessment of a group's respondents
/// (trustkit_assessment::ScoringPolicy::score_matrix), one respondent per row: their role
/// ('sponsor', 'user', …) and their answer to each item of the instrument, in its order. NULL is a
/// skipped item; 254 (`trustkit_assessment::NOT_APPLICABLE`) an item that does not apply. Returns a
/// struct: each dimension's score and standard error (NULL when not enough evidence), the
/// overall index and the number of respondents.
#[derive(Debug)]
pub(crate) struct AssessmentUdaf {
    instrument: Arc<Instrument>,
    policy: ScoringPolicy,
    signature: Signature,
}

impl AssessmentUdaf {
    pub(crate) fn new(instrument: Arc<Instrument>, policy: ScoringPolicy) -> Self {
        Self {
            instrument,
            policy,
            signature: Signature::variadic_any(Volatility::Immutable),
        }
    }

    /// The fields of the result.
    pub(crate) fn fields() -> Fields {
        let mut fields = Vec::new();
        for d in Dimension::ALL {
            fields.push(Field::new(d.name(), DataType::Float64, true));
            fields.push(Field::new(
                format!("{}_se", d.name()),
                DataType::Float64,
                true,
            ));
        }
        fields.push(Field::new("overall", DataType::Float64, true));
        fields.push(Field::new("respondents", DataType::UInt64, false));
        fields.into()
    }
}

function_identity!(AssessmentUdaf, |_f| "assessment", |a, b| {
    Arc::ptr_eq(&a.instrument, &b.instrument) && a.policy == b.policy
});

impl AggregateUDFImpl for AssessmentUdaf {
    fn name(&self) -> &str {
        "assessment"
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(Self::fields()))
    }
    fn accumulator(&self, _args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(AssessmentAccumulator {
            instrument: Arc::clone(&self.instrument),
            policy: self.policy,
            answers: Vec::new(),
            roles: Vec::new(),
        }))
    }
    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(state_fields_of(
            &args,
            &["answers", "roles"],
            &DataType::Binary,
        ))
    }
}

#[derive(Debug)]
struct AssessmentAccumulator {
    instrument: Arc<Instrument>,
    policy: ScoringPolicy,
    /// Row-major answers, one row of `items` codes per respondent.
    answers: Vec<u8>,
    /// Each respondent's role, as its index in `Role::ALL`.
    roles: Vec<u8>,
}

const ASSESSMENT: &str = "assessment";

impl Accumulator for AssessmentAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let items = self.instrument.items().len();
        let Some((roles, answers)) = values.split_first() else {
            return Err(domain_error(ASSESSMENT, "give the role, then the answers"));
        };
        if answers.len() != items {
            let ids: Vec<&str> = self
                .instrument
                .items()
                .iter()
                .map(|i| i.id.as_str())
                .collect();
            return Err(domain_error(
                ASSESSMENT,
                format!(
                    "the instrument has {items} items, in this order: {ids:?}; got {} answer columns",
                    answers.len()
                ),
            ));
        }
        let roles = cast(roles, &DataType::Utf8)?;
        let roles = roles.as_string::<i32>();
        let answers = answers
            .iter()
            .map(|a| Ok(cast(a, &DataType::Int64)?))
            .collect::<Result<Vec<_>>>()?;
        let answers: Vec<_> = answers
            .iter()
            .map(|a| a.as_primitive::<Int64Type>())
            .collect();
        for row in 0..roles.len() {
            let role = if roles.is_valid(row) {
                Role::from_str(roles.value(row)).map_err(|e| domain_error(ASSESSMENT, e))?
            } else {
                return Err(domain_error(ASSESSMENT, "a respondent's role is NULL"));
            };
            self.roles.push(role.index() as u8);
            for (column, item) in answers.iter().zip(self.instrument.items()) {
                let code = if column.is_valid(row) {
                    let v = column.value(row);
                    u8::try_from(v).map_err(|_| {
                        domain_error(
                            ASSESSMENT,
                            format!("item {:?}: an answer must be 0 to 255, got {v}", item.id),
                        )
                    })?
                } else {
                    MISSING
                };
                self.answers.push(code);
            }
        }
        Ok(())
    }
    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        for bytes in binary_rows(&states[0])? {
            self.answers.extend_from_slice(bytes);
        }
        for bytes in binary_rows(&states[1])? {
            self.roles.extend_from_slice(bytes);
        }
        Ok(())
    }
    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![binary_state(&self.answers), binary_state(&self.roles)])
    }
    fn evaluate(&mut self) -> Result<ScalarValue> {
        let items = self.instrument.items().len();
        if self.answers.len() != self.roles.len() * items {
            return Err(domain_error(
                ASSESSMENT,
                "partial states of different instruments",
            ));
        }
        // Respondents in one canonical order (role, then answers), so the sums behind the means
        // are taken in the same order however the group was split across partitions.
        let mut order: Vec<usize> = (0..self.roles.len()).collect();
        let row = |r: usize| &self.answers[r * items..(r + 1) * items];
        order.sort_by(|&a, &b| (self.roles[a], row(a)).cmp(&(self.roles[b], row(b))));
        let answers: Vec<u8> = order.iter().flat_map(|&r| row(r).iter().copied()).collect();
        let roles: Vec<Role> = order
            .iter()
            .map(|&r| Role::ALL[usize::from(self.roles[r]) % Role::ALL.len()])
            .collect();
        let offsets = [0, roles.len()];
        let matrix = AnswerMatrix::new(items, &answers, &roles, &offsets)
            .map_err(|e| domain_error(ASSESSMENT, e))?;
        let scored = self
            .policy
            .score_matrix(&self.instrument, &matrix)
            .map_err(|e| domain_error(ASSESSMENT, e))?;
        let account = scored
            .first()
            .ok_or_else(|| domain_error(ASSESSMENT, "no account was scored"))?;
        assessment_scalar(account)
    }
    fn size(&self) -> usize {
        size_of_val(self) + self.answers.capacity() + self.roles.capacity()
    }
}

/// One account's assessment as the struct `assessment` returns.
pub(crate) fn assessment_scalar(account: &AccountAssessment) -> Result<ScalarValue> {
    let one = |v: Option<f64>| -> ArrayRef { Arc::new(Float64Array::from(vec![v])) };
    let mut columns = Vec::new();
    for d in &account.dimensions {
        columns.push(one(d.score()));
        columns.push(one(d.standard_error()));
    }
    columns.push(one(account.overall.map(|o| o.value.value())));
    columns.push(Arc::new(UInt64Array::from(vec![
        account.respondents as u64,
    ])));
    let array = StructArray::try_new(AssessmentUdaf::fields(), columns, None)?;
    Ok(ScalarValue::Struct(Arc::new(array)))
}

// ---------------------------------------------------------------------------------------------
// Learned trust

/// `learned_trust(reward, at [, anchor [, parameters]])`: current trust after a group's
/// experiences (trustkit_learning::TrustLearner), each a reward in `[0, 1]` at a time. The
/// experiences are taken in time order whatever the row order (ties broken by reward, so the
/// result does not depend on partitioning). `anchor` is where trust starts (*default* 0.5);
/// `parameters` is a model preset's name ('dynamic_belief', …) or the learner's parameters as
/// JSON (what `trustkit fit --write-params` writes); *default* `LearnerParams::default()`. Rows
/// with a NULL reward or time are left out; a group with none is NULL.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct LearnedTrustUdaf {
    signature: Signature,
}

impl LearnedTrustUdaf {
    pub(crate) fn new() -> Self {
        Self {
            signature: Signature::one_of(
                (2..=4).map(TypeSignature::Any).collect(),
                Volatility::Immutable,
            ),
        }
    }
}

const LEARNED_TRUST: &str = "learned_trust";

/// The learner's parameters from a preset name or JSON.
pub(crate) fn learner_params(text: &str) -> Result<LearnerParams> {
    if let Some(preset) = ModelPreset::ALL.iter().find(|p| p.name() == text) {
        return Ok(preset.params());
    }
    if text.trim_start().starts_with('{') {
        return serde_json::from_str::<LearnerParams>(text)
            .map_err(|e| domain_error(LEARNED_TRUST, format!("the learner's parameters: {e}")));
    }
    let presets: Vec<&str> = ModelPreset::ALL.iter().map(|p| p.name()).collect();
    Err(domain_error(
        LEARNED_TRUST,
        format!("parameters must be a preset ({presets:?}) or a JSON object, got {text:?}"),
    ))
}

/// The anchor and parameters of a `learned_trust` call (literals, *default* 0.5 and
/// `LearnerParams::default()`).
fn learner_arguments(args: &AccumulatorArgs) -> Result<(Anchor, LearnerParams)> {
    let anchor = match args.exprs.get(2) {
        Some(e) => literal_f64(LEARNED_TRUST, e, "anchor")?,
        None => 0.5,
    };
    let anchor = Anchor::new(anchor).map_err(|e| domain_error(LEARNED_TRUST, e))?;
    let params = match args.exprs.get(3) {
        Some(e) => learner_params(&literal_str(LEARNED_TRUST, e, "parameters")?)?,
        None => LearnerParams::default(),
    };
    params
        .validate()
        .map_err(|e| domain_error(LEARNED_TRUST, e))?;
    Ok((anchor, params))
}

/// Calls `visit` with the row index, time (µs) and reward of each row of a batch that has both
/// and passes the filter. Without NULLs or a filter it is a plain loop over the two value buffers:
/// this runs once per experience, 50 M times for a million accounts.
fn each_experience(
    values: &[ArrayRef],
    filter: Option<&BooleanArray>,
    mut visit: impl FnMut(usize, i64, f64),
) -> Result<()> {
    let rewards = float64(LEARNED_TRUST, &values[0])?;
    let at = cast(
        &values[1],
        &DataType::Timestamp(TimeUnit::Microsecond, None),
    )?;
    let at = at.as_primitive::<TimestampMicrosecondType>();
    let (r, t) = (rewards.values(), at.values());
    if rewards.null_count() == 0 && at.null_count() == 0 && filter.is_none() {
        for (k, (&at, &reward)) in t.iter().zip(r.iter()).enumerate() {
            visit(k, at, reward);
        }
    } else {
        for k in 0..r.len() {
            if rewards.is_valid(k)
                && at.is_valid(k)
                && filter.is_none_or(|f| f.is_valid(k) && f.value(k))
            {
                visit(k, t[k], r[k]);
            }
        }
    }
    Ok(())
}

fn encode(observations: &[(i64, f64)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(observations.len() * 16);
    for (at, reward) in observations {
        bytes.extend_from_slice(&at.to_le_bytes());
        bytes.extend_from_slice(&reward.to_le_bytes());
    }
    bytes
}

fn decode(bytes: &[u8]) -> impl Iterator<Item = (i64, f64)> + '_ {
    bytes.chunks_exact(16).map(|chunk| {
        let (at, reward) = chunk.split_at(8);
        (
            i64::from_le_bytes(at.try_into().unwrap_or_default()),
            f64::from_le_bytes(reward.try_into().unwrap_or_default()),
        )
    })
}

/// Current trust of one group's observations, in any order (NULL when there are none).
fn evaluate_group(
    params: LearnerParams,
    anchor: Anchor,
    observations: &mut [(i64, f64)],
) -> Result<Option<f64>> {
    if observations.is_empty() {
        return Ok(None);
    }
    observations.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    learned_trust(params, anchor, observations).map(Some)
}

/// Every group's experiences in one flat list of `(group, time, reward)`, appended batch by batch
/// and grouped with a counting sort only when states or results are emitted: a vector per group
/// cost a million small reallocations for a million accounts.
struct LearnedTrustGroups {
    anchor: Anchor,
    params: LearnerParams,
    /// Each experience's group, apart from its time and reward: counting the groups then reads
    /// 4 bytes per experience, not 24.
    groups_of: Vec<u32>,
    entries: Vec<(i64, f64)>,
    groups: usize,
}

impl LearnedTrustGroups {
    /// Takes note of DataFusion's group count; group indices below it then fit in a `u32`.
    fn grow(&mut self, total_num_groups: usize) -> Result<()> {
        if u32::try_from(total_num_groups).is_err() {
            return Err(domain_error(
                LEARNED_TRUST,
                "more than 4 294 967 295 groups in one partition: use more partitions",
            ));
        }
        self.groups = self.groups.max(total_num_groups);
        Ok(())
    }

    /// Takes the groups `emit_to` asks for, as offsets into one list of observations grouped by
    /// group (each group's in arrival order), keeping the others with renumbered groups.
    fn take(&mut self, emit_to: EmitTo) -> (Vec<usize>, Vec<(i64, f64)>) {
        let emitted = match emit_to {
            EmitTo::All => self.groups,
            EmitTo::First(n) => n.min(self.groups),
        };
        let mut offsets = vec![0usize; emitted + 1];
        for &g in &self.groups_of {
            if let Some(count) = offsets.get_mut(g as usize + 1) {
                *count += 1;
            }
        }
        for k in 0..emitted {
            offsets[k + 1] += offsets[k];
        }
        let mut next = offsets.clone();
        let mut grouped = vec![(0i64, 0f64); offsets[emitted]];
        let (mut kept_groups, mut kept) = (Vec::new(), Vec::new());
        for (&g, &entry) in self.groups_of.iter().zip(&self.entries) {
            let g = g as usize;
            if g < emitted {
                grouped[next[g]] = entry;
                next[g] += 1;
            } else {
                kept_groups.push((g - emitted) as u32);
                kept.push(entry);
            }
        }
        self.groups_of = kept_groups;
        self.entries = kept;
        self.groups -= emitted;
        (offsets, grouped)
    }
}

impl GroupsAccumulator for LearnedTrustGroups {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.grow(total_num_groups)?;
        let (groups_of, entries) = (&mut self.groups_of, &mut self.entries);
        groups_of.reserve(group_indices.len());
        entries.reserve(group_indices.len());
        // `grow` checked that every index below the group count fits in a u32.
        each_experience(values, opt_filter, |k, at, reward| {
            groups_of.push(group_indices[k] as u32);
            entries.push((at, reward));
        })
    }
    fn merge_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        total_num_groups: usize,
    ) -> Result<()> {
        self.grow(total_num_groups)?;
        let states = binary_array(&values[0])?;
        self.entries.reserve(states.values().len() / 16);
        for (k, bytes) in states.iter().enumerate() {
            self.entries.extend(decode(bytes.unwrap_or_default()));
            self.groups_of
                .resize(self.entries.len(), group_indices[k] as u32);
        }
        Ok(())
    }
    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        let (offsets, mut grouped) = self.take(emit_to);
        let mut trust = Vec::with_capacity(offsets.len().saturating_sub(1));
        for w in offsets.windows(2) {
            trust.push(evaluate_group(
                self.params,
                self.anchor,
                &mut grouped[w[0]..w[1]],
            )?);
        }
        Ok(Arc::new(Float64Array::from(trust)))
    }
    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        let (offsets, grouped) = self.take(emit_to);
        // One value buffer and its offsets: the groups are already contiguous.
        let values = encode(&grouped);
        let offsets: Vec<i32> = offsets
            .iter()
            .map(|&o| i32::try_from(o * 16))
            .collect::<std::result::Result<_, _>>()
            .map_err(|_| domain_error(LEARNED_TRUST, "a partial state over 2 GiB"))?;
        let states = BinaryArray::try_new(
            datafusion::arrow::buffer::OffsetBuffer::new(offsets.into()),
            values.into(),
            None,
        )?;
        Ok(vec![Arc::new(states)])
    }
    // Each row becomes a state of its one experience (an empty one when it has none), written
    // straight into one value buffer: DataFusion calls this for every row when it skips the
    // partial phase.
    fn convert_to_state(
        &self,
        values: &[ArrayRef],
        opt_filter: Option<&BooleanArray>,
    ) -> Result<Vec<ArrayRef>> {
        let rows = values[0].len();
        let mut bytes = Vec::with_capacity(rows * 16);
        let mut ends = vec![0usize; rows];
        each_experience(values, opt_filter, |k, at, reward| {
            bytes.extend_from_slice(&at.to_le_bytes());
            bytes.extend_from_slice(&reward.to_le_bytes());
            ends[k] = bytes.len();
        })?;
        // A row without an experience ends where the previous one did.
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0i32);
        let mut end = 0;
        for e in ends {
            end = end.max(e);
            offsets.push(
                i32::try_from(end)
                    .map_err(|_| domain_error(LEARNED_TRUST, "a batch of states over 2 GiB"))?,
            );
        }
        let states = BinaryArray::try_new(
            datafusion::arrow::buffer::OffsetBuffer::new(offsets.into()),
            bytes.into(),
            None,
        )?;
        Ok(vec![Arc::new(states)])
    }
    fn size(&self) -> usize {
        size_of_val(self)
            + self.groups_of.capacity() * size_of::<u32>()
            + self.entries.capacity() * size_of::<(i64, f64)>()
    }
}

impl AggregateUDFImpl for LearnedTrustUdaf {
    fn name(&self) -> &str {
        LEARNED_TRUST
    }
    fn signature(&self) -> &Signature {
        &self.signature
    }
    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Float64)
    }
    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let (anchor, params) = learner_arguments(&args)?;
        Ok(Box::new(LearnedTrustAccumulator {
            anchor,
            params,
            observations: Vec::new(),
        }))
    }
    fn groups_accumulator_supported(&self, _args: AccumulatorArgs) -> bool {
        true
    }
    // Every group's experiences in one accumulator, updated a batch at a time: the per-group
    // `Accumulator` path costs a boxed object and a `take` per group and batch (7× the library
    // on 100 000 accounts; see docs/performance.md).
    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        let (anchor, params) = learner_arguments(&args)?;
        Ok(Box::new(LearnedTrustGroups {
            anchor,
            params,
            groups_of: Vec::new(),
            entries: Vec::new(),
            groups: 0,
        }))
    }
    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(state_fields_of(&args, &["experiences"], &DataType::Binary))
    }
}

#[derive(Debug)]
struct LearnedTrustAccumulator {
    anchor: Anchor,
    params: LearnerParams,
    /// (microseconds since the epoch, reward).
    observations: Vec<(i64, f64)>,
}

impl Accumulator for LearnedTrustAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let observations = &mut self.observations;
        each_experience(values, None, |_, at, reward| {
            observations.push((at, reward))
        })
    }
    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        for bytes in binary_rows(&states[0])? {
            self.observations.extend(decode(bytes));
        }
        Ok(())
    }
    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(vec![ScalarValue::Binary(Some(encode(&self.observations)))])
    }
    fn evaluate(&mut self) -> Result<ScalarValue> {
        Ok(ScalarValue::Float64(evaluate_group(
            self.params,
            self.anchor,
            &mut self.observations,
        )?))
    }
    fn size(&self) -> usize {
        size_of_val(self) + self.observations.capacity() * 16
    }
}

/// The learner run over observations already in time order.
pub(crate) fn learned_trust(
    params: LearnerParams,
    anchor: Anchor,
    observations: &[(i64, f64)],
) -> Result<f64> {
    let mut learner =
        TrustLearner::new(params, anchor).map_err(|e| domain_error(LEARNED_TRUST, e))?;
    for &(at, reward) in observations {
        let at = DateTime::from_timestamp_micros(at)
            .ok_or_else(|| domain_error(LEARNED_TRUST, format!("time {at} µs is out of range")))?;
        // SQL has no file line to point at: the experience's time is what finds the row.
        let experience = Experience::new(reward, at).map_err(|e| {
            domain_error(
                LEARNED_TRUST,
                format!(
                    "the experience at {}: {e}; rescale the rewards to [0, 1] or leave such rows \
                     out (WHERE reward BETWEEN 0 AND 1)",
                    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
                ),
            )
        })?;
        learner
            .observe(&experience)
            .map_err(|e| domain_error(LEARNED_TRUST, e))?;
    }
    Ok(learner.trust().value())
}
