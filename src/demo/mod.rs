//! `shouwang demo`: a store full of invented but believable data.
