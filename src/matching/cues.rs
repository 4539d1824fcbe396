//! The small closed word lists the judge reasons with: negation cues, words that link a claim
//! to its reason, and filler words a phrase may skip over.
//!
//! These are properties of English, not of any case study, so they live in code rather than
//! in `dialogues/`.

/// Words that dismiss what follows: "I wouldn't bother with a time split", "no need for a
/// baseline". Apostrophe-less phone spellings are included.
pub fn is_dismissal(word: &str) -> bool {
    matches!(
        word,
        "not"
            | "no"
            | "never"
            | "without"
            | "neither"
            | "nor"
            | "dont"
            | "doesnt"
            | "didnt"
            | "wont"
            | "wouldnt"
            | "shouldnt"
            | "cant"
            | "cannot"
            | "isnt"
            | "arent"
            | "wasnt"
            | "unnecessary"
            | "needless"
            | "pointless"
            | "forget"
            | "ignore"
            | "ignoring"
            | "skipping"
    )
}

/// Two-word dismissals whose parts are harmless alone.
pub fn is_dismissal_pair(first: &str, second: &str) -> bool {
    matches!(
        (first, second),
        ("instead", "of") | ("rather", "than") | ("no", "need") | ("nothing", "like")
    )
}

/// Words after a mention that take it back: "a baseline is overkill here", "latency is not
/// a concern", "MRR doesn't make sense here". `next` is the word right after, `content` the
/// next word that is not filler.
pub fn is_dismissal_after(word: &str, next: Option<&str>, content: Option<&str>) -> bool {
    match word {
        "unnecessary" | "overkill" | "pointless" | "irrelevant" | "useless" | "needless"
        | "waste" | "ignored" | "ignore" | "unneeded" => true,
        "not" | "never" => {
            matches!(
                next,
                Some("need" | "needs" | "needed" | "make" | "work" | "help" | "apply" | "matter")
            ) || matches!(
                content,
                Some(
                    "needed"
                        | "necessary"
                        | "required"
                        | "important"
                        | "worth"
                        | "matter"
                        | "matters"
                        | "useful"
                        | "helpful"
                        | "concern"
                        | "issue"
                        | "problem"
                        | "priority"
                        | "relevant"
                        | "something"
                        | "critical"
                        | "big"
                        | "risk"
                        | "sense"
                )
            )
        }
        _ => false,
    }
}

/// Words that disown a misconception's mention when they come before it: "avoid accuracy",
/// "unlike a random split".
pub fn is_disowning_before(word: &str) -> bool {
    is_dismissal(word)
        || matches!(
            word,
            "avoid" | "avoiding" | "beware" | "careful" | "unlike" | "wrong" | "mistake" | "trap"
        )
}

/// Words that disown a misconception's mention when they follow it: "accuracy is misleading".
/// "bad" only counts as a verdict ("accuracy is bad", "a bad metric"), not as a noun's
/// adjective ("delete the bad ones").
pub fn is_disowning_after(word: &str, prev: Option<&str>) -> bool {
    is_disowning_verdict(word, prev)
}

/// [`is_disowning_after`], and a hypothetical that spells out the harm: "a random split
/// would put the same house in train and test" argues against the split it names. Only
/// verbs of scattering and leaking count: "a random split would work" endorses it, and
/// "would make" counts unless "sense" follows. `next` and `after` are the two words
/// following `word`.
pub fn is_disowning_after_with(
    word: &str,
    prev: Option<&str>,
    next: Option<&str>,
    after: Option<&str>,
) -> bool {
    if is_hypothetical(word) {
        return match next {
            Some("make" | "makes") => after != Some("sense"),
            Some(verb) => is_harm_verb(verb),
            None => false,
        };
    }
    is_disowning_verdict(word, prev)
}

fn is_hypothetical(word: &str) -> bool {
    matches!(word, "would" | "could" | "might")
}

fn is_harm_verb(word: &str) -> bool {
    matches!(
        word,
        "put"
            | "place"
            | "scatter"
            | "spread"
            | "mix"
            | "leak"
            | "let"
            | "land"
            | "send"
            | "overstate"
            | "flatter"
            | "inflate"
            | "reward"
            | "hide"
            | "punish"
    )
}

fn is_disowning_verdict(word: &str, prev: Option<&str>) -> bool {
    if word == "bad" {
        return matches!(
            prev,
            Some("is" | "are" | "was" | "be" | "a" | "really" | "very" | "pretty")
        );
    }
    // "way too slow", "far too expensive".
    if matches!(
        word,
        "slow" | "expensive" | "costly" | "heavy" | "big" | "large"
    ) {
        return prev == Some("too");
    }
    matches!(
        word,
        "not"
            | "never"
            | "misleading"
            | "mislead"
            | "misleads"
            | "useless"
            | "meaningless"
            | "wrong"
            | "fooled"
            | "fool"
            | "trap"
            | "pitfall"
            | "inflated"
            | "inflate"
            | "inflates"
            | "flawed"
            | "fails"
            | "fail"
            | "leaks"
            | "leak"
            | "cheat"
            | "cheats"
            | "dangerous"
            | "naive"
            | "hides"
            | "hide"
            | "masks"
            | "obscures"
            | "ignores"
            | "impossible"
            | "infeasible"
            | "unrealistic"
            | "impractical"
            | "prohibitive"
            | "unworkable"
    )
}

/// "not only", "whether or not", "make sure there is no…": a cue word that does not negate.
/// `before` holds up to five words preceding the cue, nearest last.
pub fn cancels_dismissal(before: &[&str], cue: &str, next: Option<&str>) -> bool {
    if matches!(cue, "not" | "no") && matches!(next, Some("only" | "just" | "too" | "so")) {
        return true;
    }
    // "whether or not", "a yes/no label".
    if matches!(before.last(), Some(&"or" | &"yes")) {
        return true;
    }
    before.iter().any(|w| {
        matches!(
            *w,
            "sure" | "ensure" | "ensuring" | "guarantee" | "verify" | "check" | "confirm"
        )
    }) || before.windows(2).any(|w| w == ["so", "that"])
}

/// Words that end a negation's reach: "not a random split but a time split".
pub fn ends_scope(word: &str) -> bool {
    matches!(
        word,
        "but"
            | "however"
            | "instead"
            | "though"
            | "although"
            | "yet"
            | "whereas"
            | "so"
            | "because"
            | "since"
            | "then"
    )
}

/// Words that tie a claim to a reason, a consequence or a comparison.
pub fn is_connective(word: &str) -> bool {
    matches!(
        word,
        "because"
            | "since"
            | "so"
            | "therefore"
            | "thus"
            | "hence"
            | "otherwise"
            | "which"
            | "means"
            | "meaning"
            | "lets"
            | "allows"
            | "allow"
            | "enables"
            | "helps"
            | "help"
            | "avoid"
            | "avoids"
            | "prevent"
            | "prevents"
            | "ensure"
            | "ensures"
            | "given"
            | "due"
            | "if"
            | "when"
            | "whereas"
            | "while"
            | "vs"
            | "versus"
            | "tradeoff"
            | "tradeoffs"
            | "trade"
            | "instead"
            | "rather"
            | "eg"
            | "example"
            | "such"
            | "cost"
            | "costs"
            | "expensive"
            | "cheap"
            | "cheaper"
            | "faster"
            | "slower"
            | "better"
            | "worse"
            | "risk"
            | "why"
            | "until"
            | "unless"
            | "then"
            | "bc"
            | "bcs"
            | "bcoz"
            | "cuz"
            | "coz"
            | "cos"
            | "each"
            | "per"
            | "every"
    )
}

/// Words a following sentence can open with to explain the one before: "Log loss. Because…".
pub fn links_back(word: &str) -> bool {
    matches!(
        word,
        "because"
            | "since"
            | "this"
            | "that"
            | "it"
            | "so"
            | "otherwise"
            | "which"
            | "these"
            | "as"
    )
}

/// Filler a phrasing may skip between its words: "split by time" still matches "split time".
pub fn is_skippable(word: &str) -> bool {
    matches!(
        word,
        "a" | "an"
            | "the"
            | "of"
            | "by"
            | "on"
            | "for"
            | "in"
            | "with"
            | "our"
            | "its"
            | "their"
            | "per"
            | "and"
            | "my"
            | "your"
            | "some"
            | "this"
            | "that"
            | "to"
    )
}

/// A word that may link the two halves of a noun compound said the other way round ("drift
/// in the data"): `Some(true)` for a preposition, `Some(false)` for a determiner.
pub fn compound_link(word: &str) -> Option<bool> {
    match word {
        "of" | "in" | "for" | "on" | "by" | "between" | "across" | "among" | "from" | "within"
        | "per" => Some(true),
        "the" | "a" | "an" | "our" | "its" | "their" | "my" | "your" | "this" | "that"
        | "these" | "those" | "each" | "every" | "all" => Some(false),
        _ => None,
    }
}

/// Words that do not count toward a negation's reach.
pub fn is_filler(word: &str) -> bool {
    is_skippable(word)
        || matches!(
            word,
            "we" | "i"
                | "you"
                | "it"
                | "is"
                | "are"
                | "be"
                | "was"
                | "were"
                | "will"
                | "would"
                | "should"
                | "could"
                | "can"
                | "really"
                | "just"
                | "also"
                | "any"
                | "very"
                | "too"
                | "about"
                | "as"
                | "at"
                | "from"
                | "into"
                | "them"
                | "they"
                | "there"
                | "here"
                | "me"
                | "us"
                | "even"
                | "bother"
                | "need"
                | "needs"
                | "worry"
                | "go"
                | "going"
                | "have"
                | "has"
                | "much"
                | "more"
                // A negation reaches across "or": "no pretrained weights or a baseline".
                | "or"
                | "nor"
                // Words that introduce examples of the negated thing: "no need for realtime
                // stuff like post age".
                | "like"
                | "such"
                | "eg"
                | "including"
                | "stuff"
                | "things"
                | "etc"
        )
}

/// Words that make a run of terms into a statement: articles, prepositions, pronouns,
/// auxiliaries and the verbs a design is told with. A run of terms with none of these between
/// them ("precision recall auc ndcg") names things without saying anything about them.
pub fn is_glue(word: &str) -> bool {
    is_connective(word)
        || matches!(
            word,
            "a" | "an"
                | "the"
                | "of"
                | "by"
                | "on"
                | "for"
                | "in"
                | "into"
                | "with"
                | "without"
                | "to"
                | "from"
                | "at"
                | "over"
                | "under"
                | "than"
                | "as"
                | "about"
                | "across"
                | "after"
                | "before"
                | "between"
                | "within"
                | "only"
                | "not"
                | "no"
                | "we"
                | "i"
                | "you"
                | "they"
                | "it"
                | "our"
                | "its"
                | "their"
                | "them"
                | "us"
                | "is"
                | "are"
                | "be"
                | "was"
                | "were"
                | "been"
                | "has"
                | "have"
                | "had"
                | "do"
                | "does"
                | "will"
                | "would"
                | "should"
                | "could"
                | "can"
                | "may"
                | "might"
                | "must"
                | "need"
                | "needs"
                | "want"
                | "use"
                | "uses"
                | "using"
                | "used"
                | "train"
                | "trained"
                | "training"
                | "predict"
                | "predicts"
                | "take"
                | "keep"
                | "make"
                | "get"
                | "gets"
                | "go"
                | "goes"
                | "start"
                | "add"
                | "run"
                | "look"
                | "check"
                | "ask"
                | "what"
                | "how"
                | "who"
                | "where"
                | "whether"
                | "there"
                | "here"
                | "this"
                | "that"
                | "these"
                | "those"
                | "and"
                | "or"
                | "but"
                | "up"
                | "down"
                | "out"
                | "off"
                | "more"
                | "less"
                | "most"
                | "least"
                | "first"
                | "last"
        )
}

/// A word of asking, checking or assuming: "confirm", "assuming", "questions", "depends".
/// Clarifying requirements says one of these ("to know" too) or asks outright; a design
/// does neither.
pub fn is_clarifying(word: &str) -> bool {
    const STEMS: [&str; 9] = [
        "ask", "clarif", "confirm", "assum", "question", "wonder", "curious", "presum", "suppos",
    ];
    STEMS.iter().any(|s| word.starts_with(s))
        || matches!(
            word,
            "understand" | "depends" | "unclear" | "unknown" | "guess" | "pin"
        )
}

/// A word that, just before a word of asking, says there is none: "no questions", "nothing
/// to ask", "skip questions", "dont need to know". "Nothing" and "skip" dismiss only here:
/// "nothing from the future leaks" still explains a time split.
pub fn refuses_asking(word: &str) -> bool {
    is_dismissal(word) || matches!(word, "nothing" | "skip")
}

/// Opening words of a question typed without a question mark.
pub fn opens_question(word: &str) -> bool {
    matches!(
        word,
        "what"
            | "how"
            | "who"
            | "when"
            | "where"
            | "which"
            | "why"
            | "is"
            | "are"
            | "do"
            | "does"
            | "can"
            | "should"
            | "will"
            | "would"
            | "could"
            | "did"
            | "any"
            | "whats"
            | "hows"
    )
}

/// The roles a word can play in the lists above, worked out once per word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues(u16);

impl Cues {
    const DISMISSAL: u16 = 1;
    const DISOWN_BEFORE: u16 = 1 << 1;
    const ENDS_SCOPE: u16 = 1 << 2;
    const FILLER: u16 = 1 << 3;
    const SKIPPABLE: u16 = 1 << 4;
    const CONNECTIVE: u16 = 1 << 5;
    const LINKS_BACK: u16 = 1 << 6;
    const OPENS_QUESTION: u16 = 1 << 7;
    /// Can start a two-word dismissal ("instead of").
    const PAIR_FIRST: u16 = 1 << 8;
    /// Can take back a mention that precedes it ("overkill", "not …").
    const AFTER: u16 = 1 << 9;
    /// Can disown a misconception that precedes it ("misleading", "too slow").
    const DISOWN_AFTER: u16 = 1 << 10;
    /// Ties terms into a statement (see [`is_glue`]).
    const GLUE: u16 = 1 << 11;
    /// May link the halves of a compound said the other way round (see [`compound_link`]).
    const LINK: u16 = 1 << 12;
    /// That link is a preposition ([`compound_link`] says `Some(true)`).
    const LINK_PREPOSITION: u16 = 1 << 13;
    /// "skip", which dismisses what follows it when an article does ("skip the baseline").
    const SKIP: u16 = 1 << 14;

    pub fn of(word: &str) -> Cues {
        let mut bits = 0;
        let mut set = |flag: u16, on: bool| {
            if on {
                bits |= flag;
            }
        };
        set(Self::DISMISSAL, is_dismissal(word));
        set(Self::DISOWN_BEFORE, is_disowning_before(word));
        set(Self::ENDS_SCOPE, ends_scope(word));
        set(Self::FILLER, is_filler(word));
        set(Self::SKIPPABLE, is_skippable(word));
        set(Self::CONNECTIVE, is_connective(word));
        set(Self::LINKS_BACK, links_back(word));
        set(Self::OPENS_QUESTION, opens_question(word));
        set(
            Self::PAIR_FIRST,
            matches!(word, "instead" | "rather" | "no" | "nothing"),
        );
        set(
            Self::AFTER,
            matches!(word, "not" | "never") || is_dismissal_after(word, None, None),
        );
        set(
            Self::DISOWN_AFTER,
            is_disowning_after(word, Some("too"))
                || is_disowning_after(word, Some("is"))
                || is_hypothetical(word),
        );
        set(Self::GLUE, is_glue(word));
        let link = compound_link(word);
        set(Self::LINK, link.is_some());
        set(Self::LINK_PREPOSITION, link == Some(true));
        set(Self::SKIP, word == "skip");
        Cues(bits)
    }

    fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }
    pub fn dismissal(self) -> bool {
        self.has(Self::DISMISSAL)
    }
    pub fn disown_before(self) -> bool {
        self.has(Self::DISOWN_BEFORE)
    }
    pub fn ends_scope(self) -> bool {
        self.has(Self::ENDS_SCOPE)
    }
    pub fn filler(self) -> bool {
        self.has(Self::FILLER)
    }
    pub fn skippable(self) -> bool {
        self.has(Self::SKIPPABLE)
    }
    pub fn connective(self) -> bool {
        self.has(Self::CONNECTIVE)
    }
    pub fn links_back(self) -> bool {
        self.has(Self::LINKS_BACK)
    }
    pub fn opens_question(self) -> bool {
        self.has(Self::OPENS_QUESTION)
    }
    pub fn pair_first(self) -> bool {
        self.has(Self::PAIR_FIRST)
    }
    pub fn after(self) -> bool {
        self.has(Self::AFTER)
    }
    pub fn disown_after(self) -> bool {
        self.has(Self::DISOWN_AFTER)
    }
    pub fn glue(self) -> bool {
        self.has(Self::GLUE)
    }
    /// Whether the word may start a dismissal of what follows it: "skip", a word that can
    /// start a two-word dismissal ("instead of"), or a dismissal ("not", "no").
    pub fn may_dismiss(self) -> bool {
        self.has(Self::SKIP | Self::PAIR_FIRST | Self::DISMISSAL)
    }
    /// [`compound_link`] of the word, from its roles: an answer's compounds said the other
    /// way round are checked link by link, and matching each word against the list again
    /// cost more than the one lookup that found its roles.
    pub fn compound_link(self) -> Option<bool> {
        self.has(Self::LINK)
            .then(|| self.has(Self::LINK_PREPOSITION))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_roles_agree_with_the_lists() {
        for word in [
            "not",
            "no",
            "instead",
            "avoid",
            "because",
            "the",
            "or",
            "like",
            "overkill",
            "misleading",
            "slow",
            "bad",
            "split",
            "what",
            "so",
        ] {
            let c = Cues::of(word);
            assert_eq!(c.dismissal(), is_dismissal(word), "{word}");
            assert_eq!(c.filler(), is_filler(word), "{word}");
            assert_eq!(c.connective(), is_connective(word), "{word}");
            assert_eq!(c.ends_scope(), ends_scope(word), "{word}");
        }
        assert!(Cues::of("overkill").after());
        assert!(Cues::of("not").after());
        assert!(Cues::of("slow").disown_after());
        assert!(Cues::of("bad").disown_after());
        assert!(!Cues::of("split").after());
        for word in [
            "of", "per", "the", "every", "split", "so", "within", "those",
        ] {
            assert_eq!(
                Cues::of(word).compound_link(),
                compound_link(word),
                "{word}"
            );
        }
    }
}
