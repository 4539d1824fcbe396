//! `mlsd practice` through the real binary's stdin: quitting and resuming, and what happens
//! when the data directory is locked or a record is damaged.
