//! The syntax check of an author's pattern. It depends on nothing but regex-syntax, so
//! `build.rs` runs the very same check on the built-in dialogue files (see
//! [`super::PatternChecker::checked_at_build`]).

use regex_syntax::ast::parse::Parser;
use regex_syntax::ast::{Ast, RepetitionKind, RepetitionRange};

/// Parses `pattern`, rejecting invalid syntax and patterns that match the empty string. The
/// parser resets itself at the start of every parse, so one serves many patterns.
pub fn check_syntax(parser: &mut Parser, pattern: &str) -> Result<(), String> {
    let ast = parser.parse(pattern).map_err(|e| {
        let detail = e.to_string();
        detail.lines().last().unwrap_or("invalid").trim().to_owned()
    })?;
    if minimum_len(&ast) == 0 {
        return Err("pattern matches the empty string, so it would match every answer".into());
    }
    Ok(())
}

/// The fewest characters a match of `ast` can span (assertions and flags span none).
fn minimum_len(ast: &Ast) -> u64 {
    match ast {
        Ast::Empty(_) | Ast::Flags(_) | Ast::Assertion(_) => 0,
        Ast::Literal(_)
        | Ast::Dot(_)
        | Ast::ClassUnicode(_)
        | Ast::ClassPerl(_)
        | Ast::ClassBracketed(_) => 1,
        Ast::Repetition(r) => {
            let times = match &r.op.kind {
                RepetitionKind::ZeroOrOne | RepetitionKind::ZeroOrMore => 0,
                RepetitionKind::OneOrMore => 1,
                RepetitionKind::Range(
                    RepetitionRange::Exactly(n)
                    | RepetitionRange::AtLeast(n)
                    | RepetitionRange::Bounded(n, _),
                ) => u64::from(*n),
            };
            times.saturating_mul(minimum_len(&r.ast))
        }
        Ast::Group(g) => minimum_len(&g.ast),
        Ast::Alternation(a) => a.asts.iter().map(minimum_len).min().unwrap_or(0),
        Ast::Concat(c) => c.asts.iter().map(minimum_len).sum(),
    }
}
