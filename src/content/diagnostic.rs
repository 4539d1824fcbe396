//! Problems found in dialogue files, each at a `file:line:column` an author can jump to.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// Counted from 1; 0 when the problem is with the file as a whole.
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.path.display())
        } else {
            write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Turns byte offsets of one file into line and column numbers.
pub struct SourceMap<'a> {
    path: &'a Path,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    pub fn new(path: &'a Path, text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceMap {
            path,
            text,
            line_starts,
        }
    }

    pub fn locate(&self, span: &Range<usize>) -> Location {
        let offset = span.start.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Location {
            path: self.path.to_path_buf(),
            line,
            column,
        }
    }

    pub fn whole_file(&self) -> Location {
        Location {
            path: self.path.to_path_buf(),
            line: 0,
            column: 0,
        }
    }

    pub fn error(&self, span: &Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: self.locate(span),
            message: message.into(),
        }
    }
}

/// One dialogue file's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
}

/// A file that is not valid TOML (or not the expected shape), at the place serde points to.
pub(super) fn toml_error(map: &SourceMap<'_>, e: &toml::de::Error) -> Diagnostic {
    let location = e
        .span()
        .map_or_else(|| map.whole_file(), |span| map.locate(&span));
    Diagnostic {
        location,
        message: e.message().trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_lines_and_columns() {
        let map = SourceMap::new(Path::new("a.toml"), "x = 1\nyé = 2\n");
        assert_eq!(map.locate(&(0..1)).to_string(), "a.toml:1:1");
        assert_eq!(map.locate(&(6..7)).to_string(), "a.toml:2:1");
        assert_eq!(map.locate(&(10..11)).to_string(), "a.toml:2:4");
    }
}
