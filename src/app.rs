//! The window: one [`App`] that owns the database and the UI state, runs the panels each
//! frame and carries out the commands they return.
