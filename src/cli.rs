//! The command line (FORMATS.md "Command line"): batch imports, quotes, reports, backup
//! and checks on the same database the window uses.
