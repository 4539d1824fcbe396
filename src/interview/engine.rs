//! The interviewer as a pure function: `(session, event) → (session, replies)`.

use crate::content::{Case, Script, StageSpec};
use crate::judge::{self, Credit, Probe, Turn, Verdict};
use crate::level::Level;
use crate::stage::{DomainChoice, Stage};

use super::clarify;
use super::event::{Command, Context, Event};
use super::pick::{mix, pick_case};
use super::reply::{Credited, Notice, Remark, Reply, Summary};
use super::session::{
    Awaiting, ConceptNote, DepthRecord, Finished, Interview, InterviewKind, Phase, RecordedTurn,
    Session, StageOutcome, StageRecord,
};
use super::summary::summarise;

/// The session after an event, and what to say.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub session: Session,
    pub replies: Vec<Reply>,
}

/// Applies one event. Total: every event in every phase yields a session and replies.
pub fn step(script: &Script, session: Session, event: Event, ctx: &Context) -> Step {
    let mut e = Engine {
        script,
        ctx,
        session,
        out: Vec::new(),
    };
    e.handle(event);
    Step {
        session: e.session,
        replies: e.out,
    }
}

struct Engine<'a> {
    script: &'a Script,
    ctx: &'a Context,
    session: Session,
    out: Vec<Reply>,
}

impl<'a> Engine<'a> {
    fn say(&mut self, reply: Reply) {
        self.out.push(reply);
    }

    fn notice(&mut self, notice: Notice) {
        self.out.push(Reply::Notice(notice));
    }

    fn handle(&mut self, event: Event) {
        match event {
            Event::Begin { case } => self.begin(case, None),
            Event::AskDomain { then_begin } => self.ask_domain(then_begin, None),
            Event::Timed {
                case,
                minutes,
                ask_domain,
            } => {
                if ask_domain && case.is_none() && self.session.interview().is_none() {
                    self.ask_domain(true, Some(minutes));
                } else {
                    self.begin(case, Some(minutes));
                }
            }
            Event::ChooseDomain(choice) => self.choose_domain(choice),
            Event::AskLevel { then_begin } => {
                if self.session.interview().is_none() {
                    self.session.phase = Phase::ChoosingLevel {
                        then_begin,
                        minutes: None,
                    };
                }
                self.say(Reply::LevelQuestion {
                    current: self.session.level,
                });
            }
            Event::ChooseLevel(level) => self.choose_level(level),
            Event::Text(text) => self.text(text),
            Event::Command(command) => self.command(command),
            Event::Resume => self.resume(),
            Event::Drill { case, stage } => self.drill(case, stage),
        }
    }

    fn ask_domain(&mut self, then_begin: bool, minutes: Option<u16>) {
        if self.session.interview().is_none() {
            self.session.phase = Phase::ChoosingDomain {
                then_begin,
                minutes,
            };
        }
        self.say(Reply::DomainQuestion {
            current: self.session.domain,
        });
    }

    fn begin(&mut self, case: Option<String>, minutes: Option<u16>) {
        // A mistyped case id deserves the list of cases, whatever else is going on.
        if let Some(id) = &case
            && self.script.case(id).is_none()
        {
            let known = self.script.cases().iter().map(|c| c.id.clone()).collect();
            self.notice(Notice::UnknownCase {
                id: id.clone(),
                known,
            });
            return;
        }
        self.abandon_drill();
        if let Some(interview) = self.session.interview() {
            if let Some(running) = self.script.case(&interview.case) {
                let (title, stage) = (running.title.clone(), interview.stage);
                self.notice(Notice::AlreadyInterviewing { title, stage });
                return;
            }
            self.drop_unavailable();
        }
        if self.script.is_empty() {
            self.notice(Notice::NoCases);
            return;
        }
        let chosen = match case {
            Some(id) => match self.script.case(&id) {
                Some(case) => case,
                None => {
                    let known = self.script.cases().iter().map(|c| c.id.clone()).collect();
                    self.notice(Notice::UnknownCase { id, known });
                    return;
                }
            },
            None => {
                let Some(choice) = self.session.domain else {
                    self.session.phase = Phase::ChoosingDomain {
                        then_begin: true,
                        minutes,
                    };
                    self.say(Reply::DomainQuestion { current: None });
                    return;
                };
                let past: Vec<&str> = self.session.past_cases().collect();
                match pick_case(self.script, choice.domain(), &past, self.ctx.entropy) {
                    Some(case) => case,
                    None => {
                        self.notice(Notice::NoCases);
                        return;
                    }
                }
            }
        };
        self.start(chosen, minutes);
    }

    /// Closes a daily prompt nobody finished, keeping an answer if one was given, so a new
    /// interview or prompt can start.
    fn abandon_drill(&mut self) {
        let running = self.session.interview();
        if !running.is_some_and(|i| i.kind == InterviewKind::Drill) {
            return;
        }
        let answered = running.is_some_and(Interview::answered);
        let case = running.and_then(|i| self.script.case(&i.case));
        match (answered, case) {
            (true, Some(case)) => {
                let quiet = self.out.len();
                self.close_stage(case, None);
                self.finish_drill(case);
                // The earlier prompt's result is kept in the history, not announced now.
                self.out.truncate(quiet);
            }
            _ => self.session.phase = Phase::Idle,
        }
    }

    fn drill(&mut self, case: String, stage: Stage) {
        if let Some(running) = self.session.interview()
            && running.kind == InterviewKind::Full
            && let Some(case) = self.script.case(&running.case)
        {
            self.notice(Notice::DailyContinue);
            self.repeat(case);
            return;
        }
        self.abandon_drill();
        let Some(case) = self.script.case(&case) else {
            self.notice(Notice::NoCases);
            return;
        };
        let question = self.question_index(case.stage(stage));
        self.session.phase = Phase::Interviewing(Interview::new(
            InterviewKind::Drill,
            &case.id,
            stage,
            question,
            self.ctx.now,
        ));
        self.say(Reply::DrillIntro {
            title: case.title.clone(),
            stage,
            setting: brief(&case.scenario),
        });
        self.ask_question(case);
    }

    fn finish_drill(&mut self, case: &Case) {
        let Phase::Interviewing(interview) = std::mem::take(&mut self.session.phase) else {
            return;
        };
        let score = interview.done.first().map_or(0, |r| r.outcome.score());
        self.session.history.push(Finished {
            kind: InterviewKind::Drill,
            case: interview.case,
            title: case.title.clone(),
            started_at: interview.started_at,
            finished_at: self.ctx.now,
            stages: interview.done,
            ended_early: false,
            level: interview.level,
            minutes: None,
        });
        self.say(Reply::DrillDone { score });
    }

    fn start(&mut self, case: &'a Case, minutes: Option<u16>) {
        let stage = Stage::Requirements;
        let question = self.question_index(case.stage(stage));
        let level = self.session.level.unwrap_or_default();
        self.session.phase = Phase::Interviewing(Interview {
            level,
            minutes,
            ..Interview::new(InterviewKind::Full, &case.id, stage, question, self.ctx.now)
        });
        self.say(Reply::CaseIntro {
            id: case.id.clone(),
            title: case.title.clone(),
            domains: case.domains.clone(),
            scenario: case.scenario.clone(),
        });
        if level != Level::Mid || minutes.is_some() {
            self.say(Reply::Terms { level, minutes });
        }
        self.ask_question(case);
    }

    fn question_index(&self, spec: &StageSpec) -> usize {
        let n = spec.questions.len().max(1) as u64;
        (mix(self.ctx.entropy ^ (spec.stage.index() as u64 + 1)) % n) as usize
    }

    fn ask_question(&mut self, case: &Case) {
        let Some(interview) = self.session.interview() else {
            return;
        };
        let spec = case.stage(interview.stage);
        let text = spec
            .questions
            .get(interview.question)
            .or(spec.questions.first())
            .cloned()
            .unwrap_or_default();
        let stage = interview.stage;
        // Credit what was already said at earlier stages, and say so, as an interviewer who
        // listened would: the candidate should not repeat it.
        let carried = if interview.done.is_empty() {
            Vec::new()
        } else {
            let earlier = earlier_answers(interview);
            let setting = judge::Setting {
                earlier: &earlier,
                ..judge::Setting::new(case, stage, self.script.lexicon())
            };
            let verdict = judge::judge(&setting, &[]);
            verdict
                .carried
                .iter()
                .map(|&i| credited(spec, &verdict, i))
                .collect()
        };
        self.say(Reply::Question { stage, text });
        if !carried.is_empty() {
            self.say(Reply::AlreadyCovered { concepts: carried });
        }
    }

    fn choose_domain(&mut self, choice: DomainChoice) {
        self.session.domain = Some(choice);
        self.say(Reply::DomainSet { choice });
        if let Phase::ChoosingDomain {
            then_begin,
            minutes,
        } = self.session.phase
        {
            // The level is asked once, right after the domain, as part of getting to know them.
            if self.session.level.is_none() && self.ctx.config.ask_level {
                self.session.phase = Phase::ChoosingLevel {
                    then_begin,
                    minutes,
                };
                self.say(Reply::LevelQuestion { current: None });
                return;
            }
            self.session.phase = Phase::Idle;
            if then_begin {
                self.begin(None, minutes);
            }
        }
    }

    fn choose_level(&mut self, level: Level) {
        self.session.level = Some(level);
        let running = self
            .session
            .interview()
            .filter(|i| i.kind == InterviewKind::Full && i.level != level)
            .map(|i| i.level);
        self.say(Reply::LevelSet { level, running });
        if let Phase::ChoosingLevel {
            then_begin,
            minutes,
        } = self.session.phase
        {
            self.session.phase = Phase::Idle;
            if then_begin {
                self.begin(None, minutes);
            }
        }
    }

    fn text(&mut self, text: String) {
        match &self.session.phase {
            Phase::Idle => self.notice(Notice::NoInterview),
            Phase::ChoosingDomain { .. } => {
                if text.trim().is_empty()
                    && let Some(current) = self.session.domain
                {
                    self.choose_domain(current);
                    return;
                }
                match crate::stage::Domain::parse_loose(&text) {
                    Some(choice) => self.choose_domain(choice),
                    None => {
                        self.notice(Notice::DomainNotUnderstood);
                        self.say(Reply::DomainQuestion {
                            current: self.session.domain,
                        });
                    }
                }
            }
            Phase::ChoosingLevel { .. } => {
                let level = if text.trim().is_empty() {
                    Some(self.session.level.unwrap_or_default())
                } else {
                    Level::parse_loose(&text)
                };
                match level {
                    Some(level) => self.choose_level(level),
                    None => {
                        self.notice(Notice::LevelNotUnderstood);
                        self.say(Reply::LevelQuestion {
                            current: self.session.level,
                        });
                    }
                }
            }
            Phase::Interviewing(_) => self.answer(text),
        }
    }

    /// The case of the running interview, or `None` (after telling the user and closing the
    /// interview) when its file is gone.
    fn running_case(&mut self) -> Option<&'a Case> {
        let id = self.session.interview()?.case.clone();
        let script = self.script;
        match script.case(&id) {
            Some(case) => Some(case),
            None => {
                self.drop_unavailable();
                None
            }
        }
    }

    /// Closes an interview whose case disappeared, keeping what was done in the history.
    fn drop_unavailable(&mut self) {
        let Phase::Interviewing(interview) = std::mem::take(&mut self.session.phase) else {
            return;
        };
        self.notice(Notice::CaseUnavailable {
            id: interview.case.clone(),
        });
        if !interview.done.is_empty() {
            self.session.history.push(Finished {
                kind: interview.kind,
                title: interview.case.clone(),
                case: interview.case,
                started_at: interview.started_at,
                finished_at: self.ctx.now,
                stages: interview.done,
                ended_early: true,
                level: interview.level,
                minutes: interview.minutes,
            });
        }
    }

    fn interview_mut(&mut self) -> Option<&mut Interview> {
        match &mut self.session.phase {
            Phase::Interviewing(i) => Some(i),
            _ => None,
        }
    }

    fn answer(&mut self, text: String) {
        let Some(case) = self.running_case() else {
            return;
        };
        if !text.chars().any(char::is_alphanumeric) {
            self.notice(Notice::NotAnAnswer);
            return;
        }
        let limit = self.ctx.config.max_answer_chars;
        let text = if text.chars().count() > limit {
            self.notice(Notice::Truncated { kept_chars: limit });
            text.chars().take(limit).collect()
        } else {
            text
        };
        let lexicon = self.script.lexicon();
        let conduct = self.script.conduct();
        let configured = usize::from(self.ctx.config.max_probes);
        let entropy = self.ctx.entropy;
        let now = self.ctx.now;
        let Some(interview) = self.interview_mut() else {
            return;
        };
        let rules = conduct.level(interview.level);
        // A daily prompt is one question with one follow-up, not a whole stage's worth.
        let (max_probes, depth_questions) = match interview.kind {
            InterviewKind::Full => (
                configured + usize::from(rules.extra_follow_ups),
                usize::from(rules.depth_questions),
            ),
            InterviewKind::Drill => (configured.min(1), 1),
        };
        // On the clock, a stage past its share gets no more follow-ups: the interviewer
        // moves on, and says why.
        let pace = timing(interview, conduct.pace, now);
        let spec = case.stage(interview.stage);
        let earlier = earlier_answers(interview);
        let setting = judge::Setting {
            earlier: &earlier,
            ..judge::Setting::new(case, interview.stage, lexicon)
        };
        let before = judge_turns(&setting, &interview.turns);
        let reply_to = match &interview.awaiting {
            Awaiting::Answer => None,
            Awaiting::ProbeReply { probe } => Some(probe.clone()),
        };
        interview.turns.push(RecordedTurn { text, reply_to });
        let verdict = judge_turns(&setting, &interview.turns);
        let probe = (interview.probes.len() < max_probes && pace == Pace::OnTime)
            .then(|| judge::choose_probe_within(spec, &verdict, &interview.probes, depth_questions))
            .flatten();
        // Cut short only when there was more to ask: a stage that closes anyway needs no nudge.
        let cut_short = pace == Pace::StageLong
            && interview.probes.len() < max_probes
            && judge::choose_probe_within(spec, &verdict, &interview.probes, depth_questions)
                .is_some();
        // A term only named in a list or a design got no facts then: asked about now, it does.
        let unanswered = |i: usize| {
            (before.list_only || before.designs)
                && before.credits[i] == Credit::Mentioned
                && verdict.credits[i] == Credit::Explained
        };
        let newly_covered: Vec<usize> = verdict
            .covered()
            .filter(|&i| !before.credits[i].is_covered() || unanswered(i))
            .collect();
        let texts: Vec<&str> = interview.turns.iter().map(|t| t.text.as_str()).collect();
        let answers = clarify::clarifications(&setting, &verdict, &newly_covered, &texts);
        let corrected: Vec<String> = verdict
            .corrected
            .iter()
            .filter(|i| !before.corrected.contains(i))
            .map(|&i| spec.misconceptions[i].label.clone())
            .collect();
        let opener = (mix(entropy ^ interview.turns.len() as u64) % 8) as u8;
        let feedback = |acknowledged, named_only| Reply::Feedback {
            acknowledged,
            named_only,
            corrected: corrected.clone(),
            opener,
        };
        let answers = (!answers.is_empty()).then_some(Reply::Answers { items: answers });
        // Read back, repeated, every stage at once, or another stage's answer: say so before
        // anything else, as an interviewer would.
        let remark = match (verdict.echo, verdict.tour, verdict.generic) {
            (None, false, _) if let Some(about) = verdict.elsewhere => Some(Reply::Remark {
                remark: Remark::Elsewhere {
                    about,
                    here: interview.stage,
                },
            }),
            (Some(judge::Echo::Interviewer), ..) => Some(Reply::Remark {
                remark: Remark::ReadBack,
            }),
            (Some(judge::Echo::Repeat), ..) => Some(Reply::Remark {
                remark: Remark::Repeated,
            }),
            (None, true, _) => Some(Reply::Remark {
                remark: Remark::Tour {
                    stage: interview.stage,
                },
            }),
            (None, false, true) => Some(Reply::Remark {
                remark: Remark::Generic,
            }),
            (None, false, false) if verdict.designs => Some(Reply::Remark {
                remark: Remark::Designing,
            }),
            (None, false, false) => None,
        };
        // Only what this answer added is acknowledged: the candidate hears what landed.
        let new_since = |keep: Credit| -> Vec<usize> {
            (0..spec.concepts.len())
                .filter(|&i| verdict.credits[i] == keep && before.credits[i] != keep)
                .collect()
        };
        match probe {
            Some(probe) => {
                interview.awaiting = Awaiting::ProbeReply {
                    probe: probe.clone(),
                };
                interview.probes.push(probe.clone());
                // A clarifying question is acknowledged by its answer, not by "Good:".
                let explained: Vec<Credited> = new_since(Credit::Explained)
                    .into_iter()
                    .filter(|&i| spec.concepts[i].reply.is_none())
                    .take(ACKNOWLEDGED)
                    .map(|i| credited(spec, &verdict, i))
                    .collect();
                let named_only: Vec<Credited> = new_since(Credit::Mentioned)
                    .into_iter()
                    .map(|i| credited(spec, &verdict, i))
                    .collect();
                if let Some(remark) = remark {
                    self.say(remark);
                }
                if let Some(answers) = answers {
                    self.say(answers);
                }
                let silent = explained.is_empty() && named_only.is_empty() && corrected.is_empty();
                if !silent {
                    self.say(feedback(explained, named_only));
                }
                self.say(probe_reply(spec, &probe));
            }
            None => {
                if let Some(remark) = remark {
                    self.say(remark);
                }
                if let Some(answers) = answers {
                    self.say(answers);
                }
                if !corrected.is_empty() {
                    self.say(feedback(Vec::new(), Vec::new()));
                }
                self.close_stage(case, Some(verdict));
                self.advance_with(case, cut_short);
            }
        }
    }

    /// Records the current stage: judged when there were answers, skipped otherwise.
    fn close_stage(&mut self, case: &Case, verdict: Option<Verdict>) {
        let lexicon = self.script.lexicon();
        let conduct = self.script.conduct();
        let now = self.ctx.now;
        let Some(interview) = self.interview_mut() else {
            return;
        };
        let seconds = interview
            .stage_started_at
            .map(|at| u32::try_from((now - at).max(0)).unwrap_or(u32::MAX));
        let stage = interview.stage;
        let spec = case.stage(stage);
        let earlier = earlier_answers(interview);
        let setting = judge::Setting {
            earlier: &earlier,
            ..judge::Setting::new(case, stage, lexicon)
        };
        let verdict = verdict.or_else(|| {
            (!interview.turns.is_empty()).then(|| judge_turns(&setting, &interview.turns))
        });
        let notes = |verdict: &Verdict, keep: fn(Credit) -> bool| -> Vec<ConceptNote> {
            spec.concepts
                .iter()
                .zip(&verdict.credits)
                .filter(|&(_, &c)| keep(c))
                .map(|(c, _)| ConceptNote {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    weight: c.weight,
                })
                .collect()
        };
        // At a level that scores them, the replies to deeper questions carry a share of the
        // stage: a senior candidate is expected to defend choices, not only to name them.
        let rules = conduct.level(interview.level);
        let depth_scored = interview.kind == InterviewKind::Full
            && rules.depth_share > 0
            && rules.depth_questions > 0
            && stage != Stage::Requirements;
        let mut depth_reply = None;
        let (outcome, reply) = match verdict {
            Some(mut v) => {
                let depth = depth_scored.then(|| {
                    let turns: Vec<Turn<'_>> = interview
                        .turns
                        .iter()
                        .map(|t| Turn {
                            text: &t.text,
                            reply_to: t.reply_to.as_ref(),
                        })
                        .collect();
                    let expected = rules.depth_questions;
                    let asked = interview
                        .probes
                        .iter()
                        .filter(|p| matches!(p, Probe::Depth { .. }))
                        .count()
                        .min(usize::from(u8::MAX)) as u8;
                    let held = judge::depth_replies_held(&setting, &turns, &conduct.depth_answers)
                        .min(usize::from(expected)) as u8;
                    let record = DepthRecord {
                        asked,
                        held,
                        expected,
                        concept_score: v.score,
                    };
                    let share = f64::from(rules.depth_share) / 100.0;
                    let blended = (1.0 - share) * f64::from(v.score)
                        + share * 100.0 * f64::from(held) / f64::from(expected);
                    v.score = blended.round().clamp(0.0, 100.0) as u8;
                    depth_reply = Some(Reply::DepthResult {
                        level: interview.level,
                        asked,
                        held,
                        expected,
                        share: rules.depth_share,
                    });
                    record
                });
                let explained = notes(&v, |c| c == Credit::Explained);
                let named_only = notes(&v, |c| c == Credit::Mentioned);
                let missing = notes(&v, |c| c == Credit::Missing);
                let misconceptions: Vec<String> = v
                    .misconceptions
                    .iter()
                    .map(|&i| spec.misconceptions[i].label.clone())
                    .collect();
                let reply = Reply::StageResult {
                    stage,
                    score: v.score,
                    explained: labels(spec, &v, |c| c == Credit::Explained),
                    named_only: labels(spec, &v, |c| c == Credit::Mentioned),
                    own_points: v.reasoning.iter().map(judge::Quote::shown).collect(),
                    missing: missing.iter().map(|c| c.label.clone()).collect(),
                    misconceptions: v
                        .misconceptions
                        .iter()
                        .map(|&i| Credited {
                            label: spec.misconceptions[i].label.clone(),
                            quote: v
                                .misconception_evidence
                                .get(i)
                                .cloned()
                                .flatten()
                                .map(|q| q.shown()),
                        })
                        .collect(),
                    model_answer: spec.model_answer.clone(),
                };
                let outcome = StageOutcome::Answered {
                    score: v.score,
                    answers: interview.turns.iter().map(|t| t.text.clone()).collect(),
                    explained,
                    named_only,
                    missing,
                    misconceptions,
                    corrected: v
                        .corrected
                        .iter()
                        .map(|&i| spec.misconceptions[i].label.clone())
                        .collect(),
                    hints: u8::try_from(interview.hinted.len()).unwrap_or(u8::MAX),
                    depth,
                };
                (outcome, reply)
            }
            None => {
                let all_missing = Verdict {
                    score: 0,
                    credits: vec![Credit::Missing; spec.concepts.len()],
                    misconceptions: Vec::new(),
                    reasoning: Vec::new(),
                    corrected: Vec::new(),
                    list_only: false,
                    carried: Vec::new(),
                    evidence: vec![None; spec.concepts.len()],
                    misconception_evidence: vec![None; spec.misconceptions.len()],
                    echo: None,
                    tour: false,
                    generic: false,
                    elsewhere: None,
                    designs: false,
                };
                let outcome = StageOutcome::Skipped {
                    missing: notes(&all_missing, |_| true),
                };
                let reply = Reply::Skipped {
                    stage,
                    model_answer: spec.model_answer.clone(),
                };
                (outcome, reply)
            }
        };
        interview.done.push(StageRecord {
            stage,
            outcome,
            seconds,
        });
        if let Some(depth) = depth_reply {
            self.say(depth);
        }
        self.say(reply);
    }

    /// Moves to the next stage's question, or finishes the interview after the last.
    fn advance(&mut self, case: &Case) {
        self.advance_with(case, false);
    }

    /// [`Self::advance`]; with `nudge`, the interviewer first says the stage ran long and how
    /// much time is left. A timed interview past its end stops here with the summary.
    fn advance_with(&mut self, case: &Case, nudge: bool) {
        let now = self.ctx.now;
        let Some(interview) = self.session.interview() else {
            return;
        };
        if interview.kind == InterviewKind::Drill {
            self.finish_drill(case);
            return;
        }
        let next = interview.stage.next();
        let deadline = interview.deadline();
        if let Some(deadline) = deadline
            && now >= deadline
        {
            self.say(Reply::TimeUp);
            self.finish(case, next.is_some());
            return;
        }
        if nudge && let Some(deadline) = deadline {
            let minutes_left = u16::try_from((deadline - now + 30) / 60).unwrap_or(u16::MAX);
            self.say(Reply::Nudge { minutes_left, next });
        }
        match next {
            Some(next) => {
                let question = self.question_index(case.stage(next));
                if let Some(interview) = self.interview_mut() {
                    interview.stage = next;
                    interview.question = question;
                    interview.awaiting = Awaiting::Answer;
                    interview.turns.clear();
                    interview.probes.clear();
                    interview.hinted.clear();
                    interview.stage_started_at = Some(now);
                }
                self.ask_question(case);
            }
            None => self.finish(case, false),
        }
    }

    fn finish(&mut self, case: &Case, ended_early: bool) {
        let Phase::Interviewing(interview) = std::mem::take(&mut self.session.phase) else {
            return;
        };
        let summary = Summary {
            level: interview.level,
            minutes: interview.minutes,
            ran_out: ended_early && interview.deadline().is_some_and(|d| self.ctx.now >= d),
            ..summarise(&case.title, &interview.done, ended_early)
        };
        self.session.history.push(Finished {
            kind: InterviewKind::Full,
            case: interview.case,
            title: case.title.clone(),
            started_at: interview.started_at,
            finished_at: self.ctx.now,
            stages: interview.done,
            ended_early,
            level: interview.level,
            minutes: interview.minutes,
        });
        self.say(Reply::Summary(summary));
    }

    fn command(&mut self, command: Command) {
        if command == Command::Help {
            self.say(Reply::Help);
            return;
        }
        if self.session.interview().is_none() {
            self.notice(Notice::NoInterview);
            return;
        }
        let Some(case) = self.running_case() else {
            return;
        };
        match command {
            Command::Hint => self.hint(case),
            Command::Skip => {
                self.close_stage(case, None);
                self.advance(case);
            }
            Command::Repeat => self.repeat(case),
            Command::End => {
                let answered = self.session.interview().is_some_and(Interview::answered);
                if answered {
                    self.close_stage(case, None);
                }
                let drill = self
                    .session
                    .interview()
                    .is_some_and(|i| i.kind == InterviewKind::Drill);
                if drill {
                    self.finish_drill(case);
                    return;
                }
                let complete = self
                    .session
                    .interview()
                    .is_some_and(|i| i.done.len() == Stage::COUNT);
                self.finish(case, !complete);
            }
            Command::Help => self.say(Reply::Help),
        }
    }

    fn hint(&mut self, case: &Case) {
        let lexicon = self.script.lexicon();
        let conduct = self.script.conduct();
        let Some(interview) = self.interview_mut() else {
            return;
        };
        let level = interview.level;
        if interview.kind == InterviewKind::Full
            && let Some(hints) = conduct.level(level).hints
            && interview.hinted.len() >= usize::from(hints)
        {
            self.notice(Notice::HintLimit { level, hints });
            return;
        }
        let spec = case.stage(interview.stage);
        let earlier = earlier_answers(interview);
        let setting = judge::Setting {
            earlier: &earlier,
            ..judge::Setting::new(case, interview.stage, lexicon)
        };
        let verdict = judge_turns(&setting, &interview.turns);
        // The concept a pending follow-up asks about comes first; then the heaviest missing.
        let asked = match &interview.awaiting {
            Awaiting::ProbeReply {
                probe: Probe::Missing { concept },
            } => spec.concept(concept).map(|(i, _)| i),
            _ => None,
        };
        let mut order: Vec<usize> = verdict.missing().collect();
        order.sort_by_key(|&i| {
            (
                Some(i) != asked,
                std::cmp::Reverse(spec.concepts[i].weight),
                i,
            )
        });
        let next = order
            .into_iter()
            .map(|i| &spec.concepts[i])
            .find(|c| !interview.hinted.contains(&c.id));
        match next {
            Some(concept) => {
                interview.hinted.push(concept.id.clone());
                self.say(Reply::Hint {
                    text: concept.hint.clone(),
                });
            }
            None => self.notice(Notice::NoMoreHints),
        }
    }

    fn repeat(&mut self, case: &Case) {
        self.ask_question(case);
        if let Some(Interview {
            awaiting: Awaiting::ProbeReply { probe },
            stage,
            ..
        }) = self.session.interview()
        {
            let reply = probe_reply(case.stage(*stage), probe);
            self.say(reply);
        }
    }

    fn resume(&mut self) {
        match &self.session.phase {
            Phase::Idle => {}
            Phase::ChoosingDomain { .. } => self.say(Reply::DomainQuestion {
                current: self.session.domain,
            }),
            Phase::ChoosingLevel { .. } => self.say(Reply::LevelQuestion {
                current: self.session.level,
            }),
            Phase::Interviewing(_) => {
                let Some(case) = self.running_case() else {
                    return;
                };
                self.notice(Notice::Resumed {
                    title: case.title.clone(),
                });
                let now = self.ctx.now;
                let deadline = self.session.interview().and_then(Interview::deadline);
                match deadline {
                    // The clock kept running while they were away: the time is up.
                    Some(deadline) if now >= deadline => {
                        let answered = self.session.interview().is_some_and(Interview::answered);
                        if answered {
                            self.close_stage(case, None);
                        } else {
                            self.say(Reply::TimeUp);
                            self.finish(case, true);
                            return;
                        }
                        self.advance(case);
                    }
                    Some(deadline) => {
                        let minutes = u16::try_from((deadline - now + 30) / 60).unwrap_or(0);
                        self.notice(Notice::TimeLeft { minutes });
                        self.repeat(case);
                    }
                    None => self.repeat(case),
                }
            }
        }
    }
}

/// The opening of a scenario, enough to answer one question cold: its first sentences, up to
/// about three lines on a phone.
fn brief(scenario: &str) -> String {
    const MAX_CHARS: usize = 320;
    let mut out = String::new();
    for sentence in scenario.split_inclusive(". ") {
        if !out.is_empty() && out.chars().count() + sentence.chars().count() > MAX_CHARS {
            break;
        }
        out.push_str(sentence);
    }
    if out.chars().count() > MAX_CHARS {
        let cut: String = out.chars().take(MAX_CHARS).collect();
        out = match cut.rfind(' ') {
            Some(at) => format!("{}…", &cut[..at]),
            None => cut,
        };
    }
    out.trim().to_owned()
}

/// Where a timed interview stands at an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// Untimed, or within the stage's share.
    OnTime,
    /// The stage ran past its share of the time left when it began.
    StageLong,
    /// The interview's time is up.
    Over,
}

fn timing(interview: &Interview, pace: crate::content::Pace, now: i64) -> Pace {
    let (Some(deadline), Some(began)) = (interview.deadline(), interview.stage_started_at) else {
        return Pace::OnTime;
    };
    if now >= deadline {
        return Pace::Over;
    }
    let budget = pace.stage_budget(interview.stage, deadline - began);
    if now - began > budget {
        Pace::StageLong
    } else {
        Pace::OnTime
    }
}

/// How many newly credited points one acknowledgement names: one line, not a list.
const ACKNOWLEDGED: usize = 2;

/// What the candidate answered at the stages already behind them.
fn earlier_answers(interview: &Interview) -> Vec<(Stage, String)> {
    interview
        .done
        .iter()
        .filter_map(|r| match &r.outcome {
            StageOutcome::Answered { answers, .. } => {
                Some(answers.iter().map(move |a| (r.stage, a.clone())))
            }
            _ => None,
        })
        .flatten()
        .collect()
}

fn judge_turns(setting: &judge::Setting<'_>, turns: &[RecordedTurn]) -> Verdict {
    let turns: Vec<Turn<'_>> = turns
        .iter()
        .map(|t| Turn {
            text: &t.text,
            reply_to: t.reply_to.as_ref(),
        })
        .collect();
    judge::judge(setting, &turns)
}

fn labels(spec: &StageSpec, verdict: &Verdict, keep: impl Fn(Credit) -> bool) -> Vec<Credited> {
    (0..spec.concepts.len())
        .filter(|&i| keep(verdict.credits[i]))
        .map(|i| credited(spec, verdict, i))
        .collect()
}

/// Concept `i` as the feedback names it, with the words that earned it.
fn credited(spec: &StageSpec, verdict: &Verdict, i: usize) -> Credited {
    Credited {
        label: spec.concepts[i].label.clone(),
        quote: verdict.evidence[i].as_ref().map(judge::Quote::shown),
    }
}

fn probe_reply(spec: &StageSpec, probe: &Probe) -> Reply {
    match probe {
        Probe::Missing { concept } => Reply::Probe {
            text: spec
                .concept(concept)
                .map(|(_, c)| c.probe.clone())
                .unwrap_or_default(),
        },
        Probe::Depth { concept } => match spec.concept(concept) {
            Some((_, c)) => match &c.depth {
                Some(text) => Reply::Probe { text: text.clone() },
                None => Reply::Deeper {
                    label: c.label.clone(),
                },
            },
            None => Reply::Probe {
                text: String::new(),
            },
        },
        Probe::Correct { misconception } => Reply::Probe {
            text: spec
                .misconception(misconception)
                .map(|(_, m)| m.probe.clone())
                .unwrap_or_default(),
        },
        Probe::Why { concepts } => {
            let found: Vec<_> = concepts.iter().filter_map(|id| spec.concept(id)).collect();
            match found.as_slice() {
                [(_, c)] if c.why.is_some() => Reply::Probe {
                    text: c.why.clone().unwrap_or_default(),
                },
                _ => Reply::AskWhy {
                    labels: found.iter().map(|(_, c)| c.label.clone()).collect(),
                },
            }
        }
    }
}
