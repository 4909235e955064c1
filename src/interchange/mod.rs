//! The file formats that both directions share, below `import` and `export`: the JSON
//! export's records, the roster's columns, and how their cells are read and written.

pub mod cells;
pub mod columns;
pub mod json;
pub mod json_absence;

#[cfg(test)]
mod json_tests;
