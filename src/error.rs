//! One error type for every layer: services return it, pages render it, the API
//! will serialise it.

use std::time::Duration;

use crate::domain::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not there, or not for this user to know about.
    #[error("not found")]
    NotFound,
    /// Signed in, but this area or object is not theirs.
    #[error("forbidden")]
    Forbidden,
    /// A page that needs a signed-in user; `next` is where to return afterwards.
    #[error("login required")]
    LoginRequired { next: String },
    /// A state-changing request without a valid CSRF token, or from another site.
    #[error("request refused: {0}")]
    Csrf(&'static str),
    /// The input has problems, by field.
    #[error("invalid input")]
    Validation(FieldErrors),
    /// An API request without a bearer token in force.
    #[error("bearer token required")]
    Unauthenticated,
    /// Email and password do not match an account (deliberately vague).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// A verification or reset link that is expired, used or forged.
    #[error("invalid or expired link")]
    InvalidLink,
    /// A verification link opened while signed in to another account.
    #[error("link for another account")]
    WrongAccount,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("too many requests")]
    RateLimited { retry_after: Duration },
    /// A request no form of ours produces.
    #[error("bad request")]
    BadRequest,
    #[error("request body too large")]
    PayloadTooLarge,
    /// The database (or another dependency) cannot be reached right now.
    #[error("service unavailable")]
    Unavailable,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn validation(field: &'static str, error: crate::domain::FieldError) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, error);
        AppError::Validation(errors)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::NotFound,
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)
            | Error::DatabaseError(DatabaseErrorKind::UnableToSendCommand, _)
            | Error::BrokenTransactionManager => AppError::Unavailable,
            // PostgreSQL refuses a NUL character in text (SQLite stores it):
            // typed input, never a fault of the server.
            Error::DatabaseError(_, ref info)
                if info.message().contains("invalid byte sequence") =>
            {
                AppError::BadRequest
            }
            other => AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(_: diesel::r2d2::PoolError) -> Self {
        AppError::Unavailable
    }
}

pub type AppResult<T> = Result<T, AppError>;
