//! The dialogue bank: lint, and the judge's ordering of the graded answer sets.
