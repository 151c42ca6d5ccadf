//! Running and closing a confirmed match (SPEC F6): the coordinator and the
//! professional tick the on-site checklist, each tick with who and when;
//! after the end date the professional files a report and the facility its
//! feedback, either correctable until the coordinator completes the match.
//! When both are in, the coordinators covering the country are told the
//! match can be closed.

use super::accounts::CurrentUser;
use super::matches::party;
use super::{Origin, Services};
use crate::db::{self, DbConn};
use crate::domain::matching::{Actor, MatchState, Side};
use crate::domain::running::{
    self, ChecklistItem, FeedbackInput, Refused, ReportFigures, ReportInput, Running,
};
use crate::error::{AppError, AppResult};
use crate::mail::compose;
use crate::store::assignments::Assignment;
use crate::store::audit::{self, Event as AuditEvent};
use crate::store::matches::MatchRow;
use crate::store::running::{self as store, Feedback, Report, Tick};
use crate::store::{programmes, users};

fn running_of(m: &MatchRow, today: chrono::NaiveDate) -> Running {
    Running {
        state: m.state.parse().unwrap_or(MatchState::Cancelled),
        onsite: m.onsite,
        ends_on: m.ends_on,
        today,
    }
}

fn refused(Refused(key): Refused) -> AppError {
    AppError::Conflict(key)
}

fn audit_it(
    c: &mut DbConn,
    actor: &str,
    action: &'static str,
    match_id: &str,
    detail: Option<&str>,
    origin: &Origin,
) -> AppResult<()> {
    audit::record(
        c,
        &AuditEvent {
            actor_id: Some(actor),
            action,
            object_type: Some("match"),
            object_id: Some(match_id),
            detail,
            client_addr: origin.addr.as_deref(),
        },
        db::now(),
    )?;
    Ok(())
}

/// One item of the checklist as a page shows it.
pub struct ChecklistLine {
    pub item: ChecklistItem,
    /// Who ticked it (their name, or none when the account is gone) and when.
    pub ticked: Option<(Option<String>, chrono::NaiveDateTime)>,
}

/// What a party sees of a match's running: the checklist (on-site), the
/// report and the feedback, and what they may do now.
pub struct RunningView {
    pub checklist: Vec<ChecklistLine>,
    pub may_tick: bool,
    /// The report, for the coordinator and the professional.
    pub report: Option<Report>,
    pub may_report: bool,
    /// The feedback, for the coordinator and the facility.
    pub feedback: Option<Feedback>,
    pub may_give_feedback: bool,
    /// Confirmed and past its end date: the time of reports and feedback.
    pub over: bool,
}

/// The running of a match for one of its parties; not found for others.
pub async fn of_match(s: &Services, user: &CurrentUser, match_id: &str) -> AppResult<RunningView> {
    let user = user.clone();
    let match_id = match_id.to_string();
    let today = s.clock.today();
    s.db.run(move |c| {
        let (m, _, actor) = party(c, &user, &match_id)?;
        let r = running_of(&m, today);
        let ticks = store::ticks_of(c, &m.id)?;
        let mut checklist = Vec::new();
        if m.onsite {
            for item in ChecklistItem::ALL {
                let ticked = match ticks.iter().find(|t| t.item == item.as_str()) {
                    Some(t) => {
                        let who = match &t.ticked_by {
                            Some(id) => users::find(c, id)?
                                .filter(|u| u.deleted_at.is_none())
                                .map(|u| u.full_name),
                            None => None,
                        };
                        Some((who, t.ticked_at))
                    }
                    None => None,
                };
                checklist.push(ChecklistLine { item, ticked });
            }
        }
        let sees_report = matches!(actor, Actor::Coordinator | Actor::Side(Side::Professional));
        let sees_feedback = matches!(actor, Actor::Coordinator | Actor::Side(Side::Facility));
        Ok(RunningView {
            checklist,
            may_tick: running::may_tick(&r, actor).is_ok(),
            report: if sees_report {
                store::report_of(c, &m.id)?
            } else {
                None
            },
            may_report: running::may_file(&r, actor, Side::Professional).is_ok(),
            feedback: if sees_feedback {
                store::feedback_of(c, &m.id)?
            } else {
                None
            },
            may_give_feedback: running::may_file(&r, actor, Side::Facility).is_ok(),
            over: r.state == MatchState::Confirmed && m.ends_on < today,
        })
    })
    .await
}

/// Ticks (or unticks) one item of the checklist.
pub async fn tick(
    s: &Services,
    user: &CurrentUser,
    match_id: &str,
    item: &str,
    ticked: bool,
    origin: &Origin,
) -> AppResult<()> {
    let item: ChecklistItem = item.parse().map_err(|()| AppError::NotFound)?;
    let user = user.clone();
    let match_id = match_id.to_string();
    let origin = origin.clone();
    let now = s.clock.now();
    s.db.write(move |c| {
        let (m, _, actor) = party(c, &user, &match_id)?;
        running::may_tick(&running_of(&m, now.date()), actor).map_err(refused)?;
        let changed = if ticked {
            store::tick(
                c,
                &Tick {
                    match_id: m.id.clone(),
                    item: item.as_str().into(),
                    ticked_by: Some(user.id.clone()),
                    ticked_at: now,
                },
            )?
        } else {
            store::untick(c, &m.id, item.as_str())?
        };
        if changed {
            let action = if ticked {
                "match_checklist_ticked"
            } else {
                "match_checklist_unticked"
            };
            audit_it(c, &user.id, action, &m.id, Some(item.as_str()), &origin)?;
        }
        Ok(())
    })
    .await
}

/// The professional's report as it stands, for the form.
pub async fn report_form(
    s: &Services,
    user: &CurrentUser,
    match_id: &str,
) -> AppResult<(super::matches::MatchView, Option<Report>)> {
    let view = super::matches::view(s, user, match_id).await?;
    let today = s.clock.today();
    running::may_file(
        &running_of(&view.row, today),
        view.actor,
        Side::Professional,
    )
    .map_err(refused)?;
    let id = view.row.id.clone();
    let report = s.db.run(move |c| Ok(store::report_of(c, &id)?)).await?;
    Ok((view, report))
}

/// The facility's feedback as it stands, for the form.
pub async fn feedback_form(
    s: &Services,
    user: &CurrentUser,
    match_id: &str,
) -> AppResult<(super::matches::MatchView, Option<Feedback>)> {
    let view = super::matches::view(s, user, match_id).await?;
    let today = s.clock.today();
    running::may_file(&running_of(&view.row, today), view.actor, Side::Facility)
        .map_err(refused)?;
    let id = view.row.id.clone();
    let feedback = s.db.run(move |c| Ok(store::feedback_of(c, &id)?)).await?;
    Ok((view, feedback))
}

/// Tells the coordinators covering the assignment's country that the report
/// and the feedback are both in, once: when the second of them arrives.
fn tell_coordinators_if_both_in(
    s: &Services,
    c: &mut DbConn,
    m: &MatchRow,
    a: &Assignment,
    first_time: bool,
) -> AppResult<()> {
    if !first_time
        || store::report_of(c, &m.id)?.is_none()
        || store::feedback_of(c, &m.id)?.is_none()
    {
        return Ok(());
    }
    let link = s.config.public_link(&format!("/matches/{}", m.id));
    for (email, name, locale) in programmes::coordinators_covering(c, &a.country_code)? {
        let letter = compose::match_ready_to_close(
            locale.parse().unwrap_or_default(),
            &name,
            &a.title,
            link.clone(),
        );
        super::Services::enqueue_email(c, &email, &letter)?;
    }
    Ok(())
}

/// The professional files (or corrects) their report after the end date.
pub async fn file_report(
    s: &Services,
    user: &CurrentUser,
    match_id: &str,
    input: &ReportInput,
    origin: &Origin,
) -> AppResult<()> {
    let figures: ReportFigures = input.validate().map_err(AppError::Validation)?;
    let svc = s.clone();
    let user = user.clone();
    let match_id = match_id.to_string();
    let origin = origin.clone();
    let now = s.clock.now();
    s.db.write(move |c| {
        let (m, a, actor) = party(c, &user, &match_id)?;
        running::may_file(&running_of(&m, now.date()), actor, Side::Professional)
            .map_err(refused)?;
        let first_time = store::report_of(c, &m.id)?.is_none();
        store::file_report(
            c,
            &Report {
                match_id: m.id.clone(),
                activities: figures.activities,
                people_trained: figures.people_trained,
                patients_seen: figures.patients_seen,
                sessions_delivered: figures.sessions_delivered,
                hours_given: figures.hours_given,
                notes: figures.notes,
                filed_by: Some(user.id.clone()),
                filed_at: now,
            },
        )?;
        audit_it(c, &user.id, "match_report_filed", &m.id, None, &origin)?;
        tell_coordinators_if_both_in(&svc, c, &m, &a, first_time)
    })
    .await
}

/// The facility files (or corrects) its feedback after the end date.
pub async fn file_feedback(
    s: &Services,
    user: &CurrentUser,
    match_id: &str,
    input: &FeedbackInput,
    origin: &Origin,
) -> AppResult<()> {
    let (rating, comments) = input.validate().map_err(AppError::Validation)?;
    let svc = s.clone();
    let user = user.clone();
    let match_id = match_id.to_string();
    let origin = origin.clone();
    let now = s.clock.now();
    s.db.write(move |c| {
        let (m, a, actor) = party(c, &user, &match_id)?;
        running::may_file(&running_of(&m, now.date()), actor, Side::Facility).map_err(refused)?;
        let first_time = store::feedback_of(c, &m.id)?.is_none();
        store::file_feedback(
            c,
            &Feedback {
                match_id: m.id.clone(),
                rating,
                comments,
                filed_by: Some(user.id.clone()),
                filed_at: now,
            },
        )?;
        audit_it(c, &user.id, "match_feedback_filed", &m.id, None, &origin)?;
        tell_coordinators_if_both_in(&svc, c, &m, &a, first_time)
    })
    .await
}
