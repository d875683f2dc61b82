//! The egui panels. This is the only layer that knows egui exists.
