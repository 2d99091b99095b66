//! The error type of trustkit-portfolio.

/// Why a portfolio could not be read, imported or diagnosed. Every variant says where: the JSON path,
/// the CSV line and field, or the account.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The JSON was malformed or a value was invalid.
    #[error("{path}: {message} (line {line}, column {column})")]
    Json {
        /// JSON path of the offending value, e.g. `accounts[2].experiences[0].reward`.
        path: String,
        /// Line in the document.
        line: usize,
        /// Column in the document.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file declares a schema version this library does not read.
    #[error("schema_version {found} is not supported; this version of trustkit reads {supported}")]
    SchemaVersion {
        /// Declared version.
        found: u32,
        /// Supported version.
        supported: u32,
    },
    /// A CSV import failed.
    #[error("line {line}, field {field:?}: {message}")]
    Csv {
        /// Line, counting the header as 1.
        line: usize,
        /// The column.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// Two accounts share an id.
    #[error("account id {0:?} appears more than once")]
    DuplicateAccount(String),
    /// No account has this id.
    #[error("no account has id {0:?}")]
    UnknownAccount(String),
    /// An account's evidence is inconsistent; names the account and what.
    #[error("accounts[{index}] ({account}): {message}")]
    Account {
        /// Position in the portfolio.
        index: usize,
        /// The account's id.
        account: String,
        /// What is wrong, from the domain crate that found it.
        message: String,
    },
}
