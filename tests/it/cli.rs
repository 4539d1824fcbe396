//! The other subcommands through the real binary.
