//! From dialogue file text to a compiled [`Script`], collecting every problem on the way.
//!
//! Pure: the caller reads the files. A file with problems is left out of the script, and the
//! other files still load, so one broken case never takes the rest down.

use std::collections::HashMap;
use std::path::PathBuf;

use toml::Spanned;

use crate::matching::{
    CheckedPattern, Given, Index, Lexicon, PatternChecker, Phrase, Shingles, Signposts,
    StageProfile, check_pattern, is_function_word, normalize, stems, tokenize,
};
use crate::stage::{Domain, Stage};

use super::conduct::is_conduct;
use super::diagnostic::{Diagnostic, Location, Source, SourceMap, toml_error};
use super::model::{
    Case, Concept, Examples, MAX_WEIGHT, MIN_WEIGHT, Misconception, Script, StageSpec, Target,
};
use super::raw::{RawCase, RawConcept, RawExamples, RawMisconception, RawStage, RawStages, Text};

/// The minimum number of self-test examples each way, so every phrasing is pinned down.
pub const MIN_EXAMPLES: usize = 2;

#[derive(Debug, Default)]
pub struct Compiled {
    pub script: Script,
    pub diagnostics: Vec<Diagnostic>,
}

/// The file of shared vocabulary, beside the cases.
pub const VOCABULARY_FILE: &str = "vocabulary.toml";

/// Whether a source is the shared vocabulary rather than a case.
pub fn is_vocabulary(source: &Source) -> bool {
    source
        .path
        .file_name()
        .is_some_and(|n| n == VOCABULARY_FILE)
}

pub fn compile(sources: &[Source]) -> Compiled {
    let mut lexicon = Lexicon::default();
    let mut diagnostics = Vec::new();
    let mut cases: Vec<Case> = Vec::new();
    let mut first_seen: HashMap<String, Location> = HashMap::new();
    // Each pattern checked once, by its text: the vocabulary's shared patterns are part of
    // dozens of case concepts.
    let mut checked_patterns = rustc_hash::FxHashMap::default();
    // The vocabulary first (every case uses it), then the cases in file order; all of them
    // read and their patterns checked side by side.
    let vocabularies = sources.iter().filter(|s| is_vocabulary(s));
    let case_sources = sources
        .iter()
        .filter(|s| !is_vocabulary(s) && !is_conduct(s));
    let files: Vec<&Source> = vocabularies.chain(case_sources).collect();
    let mut families = Vec::new();
    let mut shared = HashMap::new();
    let mut signposts = Signposts::default();
    let mut case_files = Vec::new();
    let mut parsed = crate::parallel::map(&files, |s| parse(s));
    stem_ahead(
        &mut lexicon,
        parsed.iter_mut().map(|p| match p {
            Parsed::Vocabulary(p) => &mut p.words,
            Parsed::Case(p) => &mut p.words,
        }),
    );
    for (source, parsed) in files.iter().zip(parsed) {
        match parsed {
            Parsed::Vocabulary(parsed) => {
                let (more, concepts) = vocabulary(
                    source,
                    *parsed,
                    &mut lexicon,
                    &mut diagnostics,
                    &mut checked_patterns,
                    &mut signposts,
                );
                families.extend(more);
                shared.extend(concepts);
            }
            Parsed::Case(parsed) => case_files.push((*source, *parsed)),
        }
    }
    // Which families can apply to a keyword, by the words their members start with.
    let mut by_first: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
    for (i, family) in families.iter().enumerate() {
        for member in family {
            if let Some(first) = member.first() {
                let list = by_first.entry(first.clone()).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
    }
    let mut conduct = None;
    for source in sources.iter().filter(|s| is_conduct(s)) {
        conduct = conduct.or(super::conduct::conduct(source, &mut diagnostics));
    }
    // Half the keywords of the bank recur in other concepts and cases.
    let mut compiled_keywords = rustc_hash::FxHashMap::default();
    // Every piece of prose of every file, whose words the lexicon learns at the end.
    let mut prose = Vec::new();
    for (source, parsed) in case_files {
        let map = SourceMap::new(&source.path, &source.text);
        let raw: RawCase = match parsed.raw {
            Ok(raw) => raw,
            Err(e) => {
                diagnostics.push(toml_error(&map, &e));
                continue;
            }
        };
        for (pattern, checked) in parsed.checked {
            checked_patterns.entry(pattern).or_insert(checked);
        }
        let mut checker = Checker {
            map: &map,
            diagnostics: Vec::new(),
            lexicon: &mut lexicon,
            families: &families,
            by_first: &by_first,
            compiled_keywords: &mut compiled_keywords,
            checked_patterns: &mut checked_patterns,
            shared: &shared,
            prose: &mut prose,
        };
        let case = checker.case(raw);
        if let Some(case) = &case {
            let location = map.locate(&(0..0));
            if let Some(first) = first_seen.get(&case.id) {
                checker.diagnostics.push(Diagnostic {
                    location: location.clone(),
                    message: format!(
                        "case id `{}` is already used by {}; case ids must be unique",
                        case.id,
                        first.path.display()
                    ),
                });
            }
        }
        let clean = checker.diagnostics.is_empty();
        diagnostics.append(&mut checker.diagnostics);
        if let (true, Some(case)) = (clean, case) {
            first_seen.insert(case.id.clone(), map.locate(&(0..0)));
            cases.push(case);
        }
    }
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    // What each case's interviewer says, and its words: per case, so side by side.
    let signposts = std::sync::Arc::new(signposts);
    crate::parallel::for_each_mut(&mut cases, |case| {
        case.signposts = std::sync::Arc::clone(&signposts);
        case.known = known_text(&case.scenario, &case.stages);
        case.given = Given::new(
            &case.scenario,
            case.stages
                .iter()
                .flat_map(|s| s.questions.iter().map(String::as_str)),
        )
        .with_keywords(
            case.stages
                .iter()
                .flat_map(|s| s.concepts.iter())
                .flat_map(|c| c.keywords.iter().map(String::as_str)),
        )
        .with_prose(case.stages.iter().flat_map(|s| {
            s.concepts
                .iter()
                .flat_map(|c| [c.label.as_str(), c.probe.as_str(), c.hint.as_str()])
        }));
    });
    Given::distinguish(cases.iter_mut().map(|c| &mut c.given));
    lexicon.finish(&prose);
    Compiled {
        script: Script {
            cases,
            lexicon,
            conduct: conduct.unwrap_or_default(),
        },
        diagnostics,
    }
}

/// A dialogue file read as TOML, with every pattern it writes checked: the part of compiling
/// a file that needs nothing from the other files. Reading the TOML and parsing the patterns
/// are half the work of loading the bank, so the files go through this side by side.
enum Parsed {
    Vocabulary(Box<ParsedFile<super::raw::RawVocabulary>>),
    Case(Box<ParsedFile<RawCase>>),
}

struct ParsedFile<T> {
    raw: Result<T, toml::de::Error>,
    checked: Vec<(String, Result<CheckedPattern, String>)>,
    /// The words its keywords (and vocabulary terms) will intern.
    words: rustc_hash::FxHashSet<String>,
}

fn parse(source: &Source) -> Parsed {
    // The built-in files' patterns were checked when the binary was built; the bank is
    // nearly always loaded as it was built.
    let checked_at_build = crate::dialogues::patterns_checked_at_build(&source.text);
    if is_vocabulary(source) {
        let raw: Result<super::raw::RawVocabulary, _> = toml::from_str(&source.text);
        let patterns = raw.iter().flat_map(|v| {
            v.concepts
                .iter()
                .flat_map(|c| c.get_ref().patterns.iter().map(Spanned::get_ref))
        });
        let checked = check_patterns(patterns, checked_at_build);
        let keywords = raw.iter().flat_map(|v| {
            let terms = v.families.iter().flat_map(|f| &f.get_ref().terms);
            let keywords = v.concepts.iter().flat_map(|c| &c.get_ref().keywords);
            terms.chain(keywords).map(Spanned::get_ref)
        });
        let words = keyword_words(keywords);
        return Parsed::Vocabulary(Box::new(ParsedFile {
            raw,
            checked,
            words,
        }));
    }
    let raw: Result<RawCase, _> = toml::from_str(&source.text);
    let patterns = raw.iter().flat_map(|case| {
        case.stages.get_ref().iter().flat_map(|stage| {
            let concepts = stage.concepts.iter().map(|c| &c.get_ref().patterns);
            let misconceptions = stage.misconceptions.iter().map(|m| &m.get_ref().patterns);
            concepts
                .chain(misconceptions)
                .flatten()
                .map(Spanned::get_ref)
        })
    });
    let checked = check_patterns(patterns, checked_at_build);
    let keywords = raw.iter().flat_map(|case| {
        case.stages.get_ref().iter().flat_map(|stage| {
            let concepts = stage.concepts.iter().flat_map(|c| {
                let c = c.get_ref();
                c.keywords.iter().chain(&c.probe_accepts).chain(&c.unless)
            });
            let misconceptions = stage
                .misconceptions
                .iter()
                .flat_map(|m| &m.get_ref().keywords);
            concepts.chain(misconceptions).map(Spanned::get_ref)
        })
    });
    let words = keyword_words(keywords);
    Parsed::Case(Box::new(ParsedFile {
        raw,
        checked,
        words,
    }))
}

/// The words that `keywords` will intern: each word, and a phrase's closed-up spelling.
fn keyword_words<'a>(keywords: impl Iterator<Item = &'a String>) -> rustc_hash::FxHashSet<String> {
    let mut words = rustc_hash::FxHashSet::default();
    for keyword in keywords {
        let tokens = tokenize(normalize(keyword));
        let list: Vec<&str> = tokens.texts().collect();
        if list.len() > 1 {
            words.insert(list.concat());
        }
        words.extend(list.into_iter().map(str::to_owned));
    }
    words
}

/// The stems of every word the files' keywords will intern, worked out side by side: stemming
/// is most of interning a new word, and the one thread that interns (in file order, which
/// numbers the terms) would otherwise do it all. Only a head start: a word missed here is
/// stemmed when it is interned.
fn stem_ahead<'a>(
    lexicon: &mut Lexicon,
    words: impl Iterator<Item = &'a mut rustc_hash::FxHashSet<String>>,
) {
    let mut all = rustc_hash::FxHashSet::default();
    for file in words {
        all.extend(std::mem::take(file));
    }
    let all: Vec<String> = all.into_iter().collect();
    let chunks: Vec<&[String]> = all.chunks(all.len().div_ceil(STEM_CHUNKS).max(1)).collect();
    for stemmed in crate::parallel::map(&chunks, |words| stems(words.iter().map(String::as_str))) {
        lexicon.add_stems(stemmed);
    }
}

/// How many pieces the bank's keyword words are cut into for stemming: a few per core.
const STEM_CHUNKS: usize = 16;

/// Each distinct pattern of a file, checked (or, `checked_at_build`, taken as `build.rs`
/// checked it).
fn check_patterns<'a>(
    patterns: impl Iterator<Item = &'a String>,
    checked_at_build: bool,
) -> Vec<(String, Result<CheckedPattern, String>)> {
    let mut seen = rustc_hash::FxHashSet::default();
    let mut checker = PatternChecker::default();
    patterns
        .filter(|p| seen.insert(*p))
        .map(|p| {
            let checked = if checked_at_build {
                Ok(PatternChecker::checked_at_build(p))
            } else {
                checker.check(p)
            };
            (p.clone(), checked)
        })
        .collect()
}

struct Checker<'a> {
    map: &'a SourceMap<'a>,
    diagnostics: Vec<Diagnostic>,
    lexicon: &'a mut Lexicon,
    families: &'a [Family],
    by_first: &'a rustc_hash::FxHashMap<String, Vec<usize>>,
    /// Each keyword's phrases (closed-up spelling and vocabulary variants included), by its
    /// text: the same keyword compiles the same way in every case.
    compiled_keywords: &'a mut rustc_hash::FxHashMap<String, Vec<Phrase>>,
    /// Each pattern checked once, by its text: the vocabulary's shared patterns are part of
    /// dozens of case concepts, and parsing them again for each was a third of start-up.
    checked_patterns: &'a mut rustc_hash::FxHashMap<String, Result<CheckedPattern, String>>,
    /// The shared concepts of the vocabulary, by id.
    shared: &'a HashMap<String, SharedConcept>,
    /// The prose of every file so far, whose words the lexicon learns once all phrasings
    /// are interned (see [`Lexicon::finish`]).
    prose: &'a mut Vec<String>,
}

/// A shared concept of the vocabulary, checked: what a case's concept that `extends` it
/// adds to its own phrasings and examples.
#[derive(Debug)]
struct SharedConcept {
    keywords: Vec<String>,
    patterns: Vec<String>,
    examples: Examples,
}

/// A family of the shared vocabulary: each member as its normalised words.
type Family = Vec<Vec<String>>;

/// How many variants one keyword may grow through the vocabulary.
const MAX_VARIANTS: usize = 48;

/// Reads the shared vocabulary: families of equivalent terms, and shared concepts.
fn vocabulary(
    source: &Source,
    parsed: ParsedFile<super::raw::RawVocabulary>,
    lexicon: &mut Lexicon,
    diagnostics: &mut Vec<Diagnostic>,
    checked_patterns: &mut rustc_hash::FxHashMap<String, Result<CheckedPattern, String>>,
    signposts: &mut Signposts,
) -> (Vec<Family>, HashMap<String, SharedConcept>) {
    let map = SourceMap::new(&source.path, &source.text);
    let raw = match parsed.raw {
        Ok(raw) => raw,
        Err(e) => {
            diagnostics.push(toml_error(&map, &e));
            return (Vec::new(), HashMap::new());
        }
    };
    checked_patterns.extend(parsed.checked);
    let framework = &raw.framework;
    let steps = [
        (Stage::Requirements, &framework.requirements),
        (Stage::Framing, &framework.framing),
        (Stage::Data, &framework.data),
        (Stage::Model, &framework.model),
        (Stage::Evaluation, &framework.evaluation),
        (Stage::Serving, &framework.serving),
        (Stage::Monitoring, &framework.monitoring),
    ];
    for (stage, phrases) in steps {
        for phrase in phrases {
            if let Some(words) = words_of(&map, phrase, "phrase", diagnostics) {
                signposts.add(stage.index() as u8, words);
            }
        }
    }
    let concepts = shared_concepts(&map, raw.concepts, diagnostics, checked_patterns);
    let mut out = Vec::new();
    for family in raw.families {
        let span = family.span();
        let mut members: Family = Vec::new();
        for term in &family.get_ref().terms {
            let Some(words) = words_of(&map, term, "term", diagnostics) else {
                continue;
            };
            for w in &words {
                lexicon.learn_word(w);
            }
            members.push(words);
        }
        if members.len() < 2 {
            diagnostics.push(map.error(
                &span,
                "a family needs at least two terms that mean the same",
            ));
            continue;
        }
        // Single words of a family become one term, with their inflections: "tapped" then
        // reads as "clicked" inside any phrasing, combined with any other family.
        let mut singles = members.iter().filter(|m| m.len() == 1).map(|m| &m[0]);
        if let Some(canonical) = singles.next() {
            for word in singles {
                if !lexicon.alias(word, canonical) {
                    diagnostics.push(map.error(
                        &span,
                        format!("`{word}` already means something else in another family; a word can be in one family only"),
                    ));
                }
            }
        }
        out.push(members);
    }
    (out, concepts)
}

/// A vocabulary entry as its normalised words, or an error at it when it has none.
fn words_of(
    map: &SourceMap,
    text: &Text,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    let words: Vec<String> = tokenize(normalize(text.get_ref()))
        .texts()
        .map(str::to_owned)
        .collect();
    if words.is_empty() {
        diagnostics.push(map.error(&text.span(), format!("{what} has no words in it")));
        return None;
    }
    Some(words)
}

/// Checks the shared concepts of the vocabulary: an id, phrasings that compile and at least
/// [`MIN_EXAMPLES`] examples each way, located in the vocabulary file.
fn shared_concepts(
    map: &SourceMap<'_>,
    raw: Vec<Spanned<super::raw::RawSharedConcept>>,
    diagnostics: &mut Vec<Diagnostic>,
    checked_patterns: &mut rustc_hash::FxHashMap<String, Result<CheckedPattern, String>>,
) -> HashMap<String, SharedConcept> {
    let mut out = HashMap::new();
    for concept in raw {
        let span = concept.span();
        let concept = concept.into_inner();
        let id = concept.id.get_ref().clone();
        let mut problems = Vec::new();
        if out.contains_key(&id) {
            problems.push(map.error(
                &concept.id.span(),
                format!("shared concept `{id}` is defined twice"),
            ));
        }
        if concept.keywords.is_empty() && concept.patterns.is_empty() {
            problems.push(map.error(
                &span,
                "no keywords and no patterns; give at least one phrasing that counts",
            ));
        }
        for k in &concept.keywords {
            if tokenize(normalize(k.get_ref())).words.is_empty() {
                problems.push(map.error(&k.span(), "keyword has no words in it"));
            }
        }
        for p in &concept.patterns {
            let checked = checked_patterns
                .entry(p.get_ref().clone())
                .or_insert_with(|| check_pattern(p.get_ref()));
            if let Err(reason) = checked {
                problems
                    .push(map.error(&p.span(), format!("pattern is not a valid regex: {reason}")));
            }
        }
        let examples = concept.examples.into_inner();
        for (list, key) in [
            (&examples.must_match, "match"),
            (&examples.must_not_match, "no_match"),
        ] {
            if list.len() < MIN_EXAMPLES {
                problems.push(map.error(
                    &span,
                    format!(
                        "examples.{key} has {} example(s); give at least {MIN_EXAMPLES}",
                        list.len()
                    ),
                ));
            }
        }
        let located = |list: Vec<Text>| -> Vec<(String, Location)> {
            list.into_iter()
                .map(|t| {
                    let location = map.locate(&t.span());
                    (t.into_inner(), location)
                })
                .collect()
        };
        if !problems.is_empty() {
            diagnostics.extend(problems);
            continue;
        }
        out.insert(
            id,
            SharedConcept {
                keywords: concept
                    .keywords
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect(),
                patterns: concept
                    .patterns
                    .into_iter()
                    .map(Spanned::into_inner)
                    .collect(),
                examples: Examples {
                    must_match: located(examples.must_match),
                    must_not_match: located(examples.must_not_match),
                },
            },
        );
    }
    out
}

/// The keyword with one family member swapped for each of its equivalents, for every family
/// whose member it contains: "split by time" also reads "partition by time", "hold out by time".
fn variants<'a>(
    keyword: &[&'a str],
    families: &'a [Family],
    by_first: &rustc_hash::FxHashMap<String, Vec<usize>>,
) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    // Only the families with a member starting at some word of the keyword can apply.
    let mut candidates: Vec<usize> = keyword
        .iter()
        .filter_map(|w| by_first.get(*w))
        .flatten()
        .copied()
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for family in candidates.into_iter().filter_map(|i| families.get(i)) {
        for member in family {
            let Some(at) = keyword
                .windows(member.len())
                .position(|w| w.iter().eq(member.iter()))
            else {
                continue;
            };
            // Two single words are one term already (see `vocabulary`).
            for other in family
                .iter()
                .filter(|o| *o != member && (o.len() > 1 || member.len() > 1))
            {
                let mut words: Vec<&str> = keyword[..at].to_vec();
                words.extend(other.iter().map(String::as_str));
                words.extend_from_slice(&keyword[at + member.len()..]);
                out.push(words);
                if out.len() >= MAX_VARIANTS {
                    return out;
                }
            }
        }
    }
    out
}

impl Checker<'_> {
    fn error(&mut self, span: &std::ops::Range<usize>, message: impl Into<String>) {
        let d = self.map.error(span, message);
        self.diagnostics.push(d);
    }

    /// A required piece of prose: trimmed, non-empty, and its words learned as real words.
    fn prose(&mut self, text: &Text, what: &str) -> String {
        let value = reflow(text.get_ref());
        if value.is_empty() {
            self.error(&text.span(), format!("{what} is empty"));
        }
        self.prose.push(value.clone());
        value
    }

    fn id(&mut self, text: &Text, what: &str) -> String {
        let id = text.get_ref().clone();
        let valid = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !id.starts_with('-')
            && !id.ends_with('-');
        if !valid {
            self.error(
                &text.span(),
                format!(
                    "{what} `{id}` must be lower-case letters, digits and hyphens, like `log-loss`"
                ),
            );
        }
        id
    }

    fn case(&mut self, raw: RawCase) -> Option<Case> {
        let id = self.id(&raw.id, "case id");
        let title = self.prose(&raw.title, "title");
        let scenario = self.prose(&raw.scenario, "scenario");
        if !scenario.is_empty() && !scenario.chars().any(|c| c.is_ascii_digit()) {
            self.error(
                &raw.scenario.span(),
                "scenario has no numbers; give the scale, traffic and latency budget an interviewer would quote",
            );
        }
        let domains = self.domains(&raw.domains);
        let mut profile = StageProfile::default();
        let stages = self.stages(raw.stages, &mut profile)?;
        profile.finish();
        // Filled in once every file is compiled (see `compile`).
        let known = Shingles::default();
        let given = Given::default();
        Some(Case {
            id,
            title,
            domains,
            scenario,
            source: self.map_path(),
            stages,
            known,
            given,
            profile,
            signposts: std::sync::Arc::default(),
        })
    }

    fn map_path(&self) -> PathBuf {
        self.map.whole_file().path
    }

    fn domains(&mut self, raw: &Spanned<Vec<Text>>) -> Vec<Domain> {
        if raw.get_ref().is_empty() {
            self.error(
                &raw.span(),
                "domains is empty; list at least one of nlp, cv, search-recsys",
            );
        }
        let mut domains = Vec::new();
        for d in raw.get_ref() {
            match d.get_ref().parse::<Domain>() {
                Ok(domain) if domains.contains(&domain) => {
                    self.error(&d.span(), format!("domain `{domain}` is listed twice"));
                }
                Ok(domain) => domains.push(domain),
                Err(e) => self.error(&d.span(), e.to_string()),
            }
        }
        domains
    }

    fn stages(
        &mut self,
        raw: Spanned<RawStages>,
        profile: &mut StageProfile,
    ) -> Option<Vec<StageSpec>> {
        let span = raw.span();
        let all = raw.into_inner().into_array();
        let mut ids: HashMap<String, ()> = HashMap::new();
        let mut stages = Vec::with_capacity(Stage::COUNT);
        for (stage, raw) in Stage::ALL.into_iter().zip(all) {
            match raw {
                Some(raw) => stages.push(self.stage(stage, raw, &mut ids, profile)),
                None => self.error(
                    &span,
                    format!(
                        "stage `{stage}` is missing; every case needs all seven: {}",
                        Stage::ALL.map(Stage::id).join(", ")
                    ),
                ),
            }
        }
        (stages.len() == Stage::COUNT).then_some(stages)
    }

    fn stage(
        &mut self,
        stage: Stage,
        raw: Spanned<RawStage>,
        ids: &mut HashMap<String, ()>,
        profile: &mut StageProfile,
    ) -> StageSpec {
        let span = raw.span();
        let raw = raw.into_inner();
        let mut questions = Vec::new();
        if raw.questions.get_ref().is_empty() {
            self.error(
                &raw.questions.span(),
                format!("stage `{stage}` has no questions"),
            );
        }
        for q in raw.questions.get_ref() {
            questions.push(self.prose(q, "question"));
        }
        let model_answer = self.prose(&raw.model_answer, "model_answer");
        if raw.concepts.is_empty() {
            self.error(&span, format!("stage `{stage}` has no concepts"));
        }
        let mut index = Index::builder();
        let mut follow_ups = Index::builder();
        let mut concepts = Vec::new();
        for (i, c) in raw.concepts.into_iter().enumerate() {
            let span = c.span();
            let accepts = self.phrasings(&span, &c.get_ref().probe_accepts, &[], false);
            add_phrasings(
                &mut follow_ups,
                accepts.into_iter().map(|p| (i, p)).collect(),
            );
            let unless = self.phrasings(&span, &c.get_ref().unless, &[], false);
            add_phrasings(
                &mut index,
                unless.into_iter().map(|p| (Target::Unless(i), p)).collect(),
            );
            let concept = self.concept(c, ids, |phrase| (Target::Concept(i), phrase));
            if let Some((concept, phrasings)) = concept {
                for (_, phrasing) in &phrasings {
                    if let Phrasing::Phrase(p) = phrasing {
                        for (term, word) in p.terms().iter().zip(p.words()) {
                            if !is_function_word(word) {
                                profile.add(*term, stage.index());
                            }
                        }
                    }
                }
                add_phrasings(&mut index, phrasings);
                concepts.push(concept);
            }
        }
        let mut misconceptions = Vec::new();
        for (i, m) in raw.misconceptions.into_iter().enumerate() {
            if let Some((m, phrasings)) =
                self.misconception(m, ids, |phrase| (Target::Misconception(i), phrase))
            {
                add_phrasings(&mut index, phrasings);
                misconceptions.push(m);
            }
        }
        let index = index.build();
        for (i, c) in concepts.iter().enumerate() {
            let Some(group) = &c.group else { continue };
            if !concepts
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.group.as_ref() == Some(group))
            {
                self.error(
                    &span,
                    format!(
                        "concept `{}` is the only member of group `{group}`; a group lists alternatives, so give it at least two concepts",
                        c.id
                    ),
                );
            }
        }
        StageSpec {
            stage,
            questions,
            model_answer,
            concepts,
            misconceptions,
            index,
            follow_ups: follow_ups.build(),
        }
    }

    fn unique_id(&mut self, raw: &Text, ids: &mut HashMap<String, ()>) -> String {
        let id = self.id(raw, "id");
        if ids.insert(id.clone(), ()).is_some() {
            self.error(
                &raw.span(),
                format!("id `{id}` is used twice in this case; concept and misconception ids must be unique within a case"),
            );
        }
        id
    }

    fn concept(
        &mut self,
        raw: Spanned<RawConcept>,
        ids: &mut HashMap<String, ()>,
        tag: impl Fn(Phrasing) -> (Target, Phrasing),
    ) -> Option<(Concept, Vec<(Target, Phrasing)>)> {
        let span = raw.span();
        let raw = raw.into_inner();
        let id = self.unique_id(&raw.id, ids);
        let label = self.prose(&raw.label, "label");
        let weight = *raw.weight.get_ref();
        if !(i64::from(MIN_WEIGHT)..=i64::from(MAX_WEIGHT)).contains(&weight) {
            self.error(
                &raw.weight.span(),
                format!("weight {weight} is out of range; use 1 (nice to hear), 2 (expected) or 3 (essential)"),
            );
        }
        let probe = self.prose(&raw.probe, "probe");
        let hint = self.prose(&raw.hint, "hint");
        let why = raw.why.as_ref().map(|w| self.prose(w, "why"));
        let depth = raw.depth.as_ref().map(|d| self.prose(d, "depth"));
        let reply = raw.reply.as_ref().map(|r| self.prose(r, "reply"));
        let shared = self.shared;
        let base = raw.extends.as_ref().and_then(|e| {
            let found = shared.get(e.get_ref());
            if found.is_none() {
                self.error(
                    &e.span(),
                    format!(
                        "`extends = \"{}\"`: vocabulary.toml has no shared concept of that id",
                        e.get_ref()
                    ),
                );
            }
            found
        });
        // The shared phrasings were checked in the vocabulary file; here they stand at the
        // `extends` line.
        let at = raw.extends.as_ref().map_or(span.clone(), |e| e.span());
        let shared_texts = |texts: Option<&Vec<String>>| -> Vec<Text> {
            texts
                .into_iter()
                .flatten()
                .map(|t| Spanned::new(at.clone(), t.clone()))
                .collect()
        };
        let mut keywords = shared_texts(base.map(|b| &b.keywords));
        keywords.extend(raw.keywords.iter().cloned());
        let mut patterns = shared_texts(base.map(|b| &b.patterns));
        patterns.extend(raw.patterns.iter().cloned());
        let phrasings = self.phrasings(&span, &keywords, &patterns, true);
        // A concept that extends a shared one has its examples too.
        let min = if base.is_some() { 0 } else { MIN_EXAMPLES };
        let mut examples = self.examples(raw.examples, min);
        if let Some(base) = base {
            examples
                .must_match
                .extend(base.examples.must_match.iter().cloned());
            examples
                .must_not_match
                .extend(base.examples.must_not_match.iter().cloned());
        }
        let concept = Concept {
            id,
            label,
            weight: weight.clamp(i64::from(MIN_WEIGHT), i64::from(MAX_WEIGHT)) as u8,
            probe,
            hint,
            why,
            depth,
            reply,
            keywords: keywords.iter().map(|k| k.get_ref().clone()).collect(),
            group: raw.group.as_ref().map(|g| self.id(g, "group")),
            examples,
        };
        Some((concept, phrasings.into_iter().map(tag).collect()))
    }

    fn misconception(
        &mut self,
        raw: Spanned<RawMisconception>,
        ids: &mut HashMap<String, ()>,
        tag: impl Fn(Phrasing) -> (Target, Phrasing),
    ) -> Option<(Misconception, Vec<(Target, Phrasing)>)> {
        let span = raw.span();
        let raw = raw.into_inner();
        let id = self.unique_id(&raw.id, ids);
        let label = self.prose(&raw.label, "label");
        let probe = self.prose(&raw.probe, "probe");
        let phrasings = self.phrasings(&span, &raw.keywords, &raw.patterns, true);
        let examples = self.examples(raw.examples, 1);
        let m = Misconception {
            id,
            label,
            probe,
            examples,
        };
        Some((m, phrasings.into_iter().map(tag).collect()))
    }

    fn phrasings(
        &mut self,
        owner: &std::ops::Range<usize>,
        keywords: &[Text],
        patterns: &[Text],
        required: bool,
    ) -> Vec<Phrasing> {
        if required && keywords.is_empty() && patterns.is_empty() {
            self.error(
                owner,
                "no keywords and no patterns; give at least one phrasing that counts",
            );
        }
        let mut out = Vec::new();
        for k in keywords {
            if let Some(phrases) = self.compiled_keywords.get(k.get_ref()) {
                out.extend(phrases.iter().cloned().map(Phrasing::Phrase));
                continue;
            }
            let tokens = tokenize(normalize(k.get_ref()));
            let words: Vec<&str> = tokens.texts().collect();
            let mut phrases = Vec::new();
            match Phrase::from_words(&words, self.lexicon) {
                Some((phrase, closed)) => {
                    phrases.push(phrase);
                    phrases.extend(closed);
                }
                None => {
                    self.error(&k.span(), "keyword has no words in it");
                    continue;
                }
            }
            for variant in variants(&words, self.families, self.by_first) {
                if let Some((phrase, _)) = Phrase::from_words(&variant, self.lexicon) {
                    phrases.push(phrase);
                }
            }
            out.extend(phrases.iter().cloned().map(Phrasing::Phrase));
            self.compiled_keywords.insert(k.get_ref().clone(), phrases);
        }
        for p in patterns {
            let checked = self
                .checked_patterns
                .entry(p.get_ref().clone())
                .or_insert_with(|| check_pattern(p.get_ref()))
                .clone();
            match checked {
                Ok(checked) => out.push(Phrasing::Pattern(checked)),
                Err(reason) if reason.contains("empty string") => self.error(&p.span(), reason),
                Err(reason) => {
                    self.error(&p.span(), format!("pattern is not a valid regex: {reason}"))
                }
            }
        }
        out
    }

    fn examples(&mut self, raw: Spanned<RawExamples>, min: usize) -> Examples {
        let span = raw.span();
        let raw = raw.into_inner();
        for (list, key) in [
            (&raw.must_match, "match"),
            (&raw.must_not_match, "no_match"),
        ] {
            if list.len() < min {
                self.error(
                    &span,
                    format!(
                        "examples.{key} has {} example(s); give at least {min}",
                        list.len()
                    ),
                );
            }
        }
        let mut located = |list: Vec<Text>| -> Vec<(String, Location)> {
            list.into_iter()
                .filter_map(|t| {
                    if t.get_ref().trim().is_empty() {
                        self.error(&t.span(), "example is empty");
                        return None;
                    }
                    let location = self.map.locate(&t.span());
                    Some((t.into_inner(), location))
                })
                .collect()
        };
        let must_match = located(raw.must_match);
        let must_not_match = located(raw.must_not_match);
        Examples {
            must_match,
            must_not_match,
        }
    }
}

/// Joins the hard-wrapped lines of TOML prose into paragraphs: single line breaks become
/// spaces, blank lines stay paragraph breaks. Phones then wrap the text themselves.
fn reflow(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for para in text.trim().split("\n\n") {
        let mut words = para.split_whitespace();
        // A paragraph of nothing but spaces is no paragraph.
        let Some(first) = words.next() else {
            continue;
        };
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(first);
        for word in words {
            out.push(' ');
            out.push_str(word);
        }
    }
    // The script keeps it for good: no spare capacity.
    out.shrink_to_fit();
    out
}

/// What the interviewer says in a case, for telling a pasted-back text from an answer: the
/// scenario, the questions, the model answers and the interviewer's replies. Follow-ups and
/// hints are left out: answering "how would you split without leaking the future?" in its
/// own words is a reply, not an echo.
fn known_text(scenario: &str, stages: &[StageSpec]) -> Shingles {
    let mut known = Shingles::of([scenario]);
    for spec in stages {
        for q in &spec.questions {
            known.add(q);
        }
        known.add(&spec.model_answer);
        for c in &spec.concepts {
            if let Some(text) = &c.reply {
                known.add(text);
            }
        }
    }
    known
}

enum Phrasing {
    Phrase(Phrase),
    Pattern(CheckedPattern),
}

fn add_phrasings<T: Copy>(
    index: &mut crate::matching::IndexBuilder<T>,
    phrasings: Vec<(T, Phrasing)>,
) {
    for (target, phrasing) in phrasings {
        match phrasing {
            Phrasing::Phrase(p) => index.phrase(target, p),
            Phrasing::Pattern(p) => index.pattern(target, p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::reflow;

    #[test]
    fn prose_is_reflowed_into_paragraphs() {
        let cases = [
            ("  one\n  two  \n\n three\n", "one two\n\nthree"),
            ("a\n\n\nb", "a\n\nb"),
            ("a\n \nb", "a b"),
            ("a\n\n \n\nb\n\n", "a\n\nb"),
            ("   \n\n  ", ""),
            ("single", "single"),
        ];
        for (text, expected) in cases {
            assert_eq!(reflow(text), expected, "{text:?}");
        }
    }
}
