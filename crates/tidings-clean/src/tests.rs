//! Unit tests across modules (see also tests/ at the workspace root).
