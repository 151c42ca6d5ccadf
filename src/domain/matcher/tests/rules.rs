//! Each hard rule on its own, at its edges.

use super::super::testkit::*;
use super::super::*;
use crate::domain::availability::{LocalHours, Modality};
use crate::domain::profile::{LanguageLevel, ResidenceStatus};
use crate::domain::programme::Ineligible;

fn failures(p: &Professional, a: &Assignment) -> Vec<Failure> {
    check(p, a, &programme())
}

fn march() -> Assignment {
    on_site("a1", "2027-03-01", "2027-03-28")
}

#[test]
fn a_ready_pair_passes_every_rule() {
    assert_eq!(failures(&nurse("p1"), &march()), vec![]);
}

#[test]
fn rule_1_profession_must_be_accepted() {
    let mut p = nurse("p1");
    p.profession = "2212".into();
    let f = failures(&p, &march());
    assert_eq!(
        f,
        vec![
            Failure::Profession {
                has: "2212".into(),
                accepted: vec!["2221".into()]
            },
            // The nurse's licence no longer matches the profession either.
            Failure::NoLicence {
                profession: "2212".into()
            }
        ]
    );
    assert_eq!(f[0].rule(), Rule::Profession);
    let mut a = march();
    a.professions = vec!["2212".into(), "2221".into()];
    a.clinical = false;
    assert_eq!(failures(&p, &a), vec![]);
}

#[test]
fn rule_2_required_specialty_is_held() {
    let mut a = march();
    a.specialty = Some("midwifery".into());
    assert_eq!(failures(&nurse("p1"), &a), vec![]);
    a.specialty = Some("anaesthesia".into());
    assert_eq!(
        failures(&nurse("p1"), &a),
        vec![Failure::Specialty {
            needed: "anaesthesia".into()
        }]
    );
}

#[test]
fn rule_3_an_on_site_window_covers_every_day_bounds_included() {
    let mut p = nurse("p1");
    p.windows[0].range = range("2027-03-01", "2027-03-28");
    p.windows[0].modality = Modality::OnSite;
    assert_eq!(
        failures(&p, &march()),
        vec![],
        "the same first and last day"
    );
    p.windows[0].range = range("2027-03-01", "2027-03-27");
    let no_window = Failure::NoWindow {
        modality: Modality::OnSite,
        start: d("2027-03-01"),
        end: d("2027-03-28"),
    };
    assert_eq!(failures(&p, &march()), vec![no_window.clone()]);
    p.windows[0].range = range("2027-03-02", "2027-03-28");
    assert_eq!(failures(&p, &march()), vec![no_window.clone()]);
    p.windows[0].range = range("2027-01-01", "2027-12-31");
    p.windows[0].modality = Modality::Virtual;
    assert_eq!(failures(&p, &march()), vec![no_window]);
}

#[test]
fn rule_3_virtual_work_needs_a_virtual_window_with_the_weekly_hours() {
    let a = virtual_work("a1", "2027-02-01", "2027-05-31", vec![]);
    let mut p = nurse("p1");
    p.windows[0].weekly_hours = 4;
    assert_eq!(failures(&p, &a), vec![], "exactly the hours asked");
    p.windows[0].weekly_hours = 3;
    assert_eq!(
        failures(&p, &a),
        vec![Failure::WeeklyHours {
            needed: 4,
            offered: 3
        }]
    );
    p.windows[0].weekly_hours = 10;
    p.windows[0].modality = Modality::OnSite;
    assert_eq!(failures(&p, &a)[0].rule(), Rule::ModalityAndDates);
}

/// A professional whose only hours are `from`-`to` on Tuesdays, in `zone`.
fn tuesdays(zone: chrono_tz::Tz, from: u16, to: u16) -> Professional {
    let mut p = nurse("p1");
    p.time_zone = zone;
    p.windows[0].hours = vec![LocalHours::new(2, from * 60, to * 60).unwrap()];
    p
}

fn accra_tuesdays(from: u16, to: u16, period: (&str, &str)) -> Assignment {
    let session = Session::new(2, from * 60, to * 60).unwrap();
    virtual_work("a1", period.0, period.1, vec![session])
}

#[test]
fn rule_4_london_hours_that_fit_in_winter_do_not_after_the_last_sunday_of_march() {
    let p = tuesdays(chrono_tz::Europe::London, 8, 11);
    let winter = accra_tuesdays(9, 11, ("2027-02-01", "2027-03-27"));
    assert_eq!(failures(&p, &winter), vec![]);
    let spanning = accra_tuesdays(9, 11, ("2027-03-01", "2027-04-30"));
    assert_eq!(
        failures(&p, &spanning),
        vec![Failure::SessionOutsideHours {
            session: Session::new(2, 540, 660).unwrap(),
            from: d("2027-03-30"),
            local_weekday: 2,
            local_start_minute: 600,
            local_end_minute: 720,
        }]
    );
    assert_eq!(failures(&p, &spanning)[0].rule(), Rule::SessionTimes);

    let evenings = tuesdays(chrono_tz::Europe::London, 18, 21);
    assert_eq!(
        failures(
            &evenings,
            &accra_tuesdays(19, 21, ("2027-01-05", "2027-03-27"))
        ),
        vec![]
    );
    assert_eq!(
        failures(
            &evenings,
            &accra_tuesdays(19, 21, ("2027-01-05", "2027-04-27"))
        )[0]
        .rule(),
        Rule::SessionTimes
    );
}

#[test]
fn rule_4_toronto_mornings_move_on_the_second_sunday_of_march() {
    // 13:00 in Accra is 08:00 in Toronto in winter, 09:00 from 14 March 2027.
    let p = tuesdays(chrono_tz::America::Toronto, 8, 10);
    assert_eq!(
        failures(&p, &accra_tuesdays(13, 15, ("2027-02-01", "2027-03-13"))),
        vec![]
    );
    match &failures(&p, &accra_tuesdays(13, 15, ("2027-02-01", "2027-03-31")))[..] {
        [
            Failure::SessionOutsideHours {
                from,
                local_start_minute,
                ..
            },
        ] => {
            assert_eq!(*from, d("2027-03-16"));
            assert_eq!(*local_start_minute, 9 * 60);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rule_5_a_licence_valid_on_the_last_day_of_clinical_work() {
    let mut p = nurse("p1");
    p.licences[0].valid_until = d("2027-03-28");
    assert_eq!(failures(&p, &march()), vec![], "expires on the last day");
    p.licences[0].valid_until = d("2027-03-27");
    assert_eq!(
        failures(&p, &march()),
        vec![Failure::LicenceExpires {
            valid_until: d("2027-03-27"),
            needed_until: d("2027-03-28")
        }]
    );
    p.licences[0].profession = "2222".into();
    p.licences[0].valid_until = d("2030-01-01");
    assert_eq!(
        failures(&p, &march()),
        vec![Failure::NoLicence {
            profession: "2221".into()
        }]
    );
    let mut teaching = march();
    teaching.clinical = false;
    assert_eq!(failures(&p, &teaching), vec![]);
}

#[test]
fn rule_6_every_language_at_or_above_its_minimum() {
    let mut p = nurse("p1");
    assert_eq!(failures(&p, &march()), vec![], "exactly at the minimum");
    p.languages[0].level = LanguageLevel::Conversational;
    assert_eq!(
        failures(&p, &march()),
        vec![Failure::LanguageBelow {
            code: "en".into(),
            needed: LanguageLevel::Professional,
            has: LanguageLevel::Conversational
        }]
    );
    let mut a = march();
    a.languages.push(spoken("fr", LanguageLevel::Basic));
    assert_eq!(
        failures(&nurse("p1"), &a),
        vec![Failure::LanguageMissing {
            code: "fr".into(),
            needed: LanguageLevel::Basic
        }]
    );
}

#[test]
fn rule_7_programme_eligibility() {
    let prog = programme();
    let mut p = nurse("p1");
    p.origin_country = Some("SN".into());
    assert_eq!(
        check(&p, &march(), &prog),
        vec![Failure::Ineligible(Ineligible::Origin)]
    );
    let mut p = nurse("p1");
    p.residence_status = Some(ResidenceStatus::Other);
    assert_eq!(
        check(&p, &march(), &prog),
        vec![Failure::Ineligible(Ineligible::ResidenceStatus)]
    );
    let mut strict = programme();
    strict.eligibility.min_years_experience = 9;
    assert_eq!(
        check(&nurse("p1"), &march(), &strict),
        vec![Failure::Ineligible(Ineligible::Experience { needed: 9 })]
    );
    let mut senior = march();
    senior.min_years_experience = 9;
    assert_eq!(
        check(&nurse("p1"), &senior, &prog),
        vec![Failure::ExperienceBelow { needed: 9, has: 8 }]
    );
    senior.min_years_experience = 8;
    assert_eq!(check(&nurse("p1"), &senior, &prog), vec![]);
}

#[test]
fn rule_7_on_site_length_inside_the_programme_bounds() {
    let p = nurse("p1");
    assert_eq!(
        failures(&p, &on_site("a", "2027-03-01", "2027-03-20")),
        vec![Failure::OnSiteTooShort { days: 20, min: 21 }]
    );
    assert_eq!(
        failures(&p, &on_site("a", "2027-03-01", "2027-03-21")),
        vec![]
    );
    assert_eq!(
        failures(&p, &on_site("a", "2027-03-01", "2027-05-29")),
        vec![]
    );
    assert_eq!(
        failures(&p, &on_site("a", "2027-03-01", "2027-05-30")),
        vec![Failure::OnSiteTooLong { days: 91, max: 90 }]
    );
    let long_virtual = virtual_work("a", "2027-01-01", "2027-12-31", vec![]);
    assert_eq!(
        failures(&p, &long_virtual),
        vec![],
        "no bound on virtual work"
    );
}

#[test]
fn rule_8_no_overlap_with_a_confirmed_on_site_match() {
    let mut p = nurse("p1");
    p.confirmed_on_site = vec![range("2027-02-01", "2027-02-28")];
    assert_eq!(failures(&p, &march()), vec![], "ends the day before");
    p.confirmed_on_site = vec![range("2027-02-01", "2027-03-01")];
    assert_eq!(
        failures(&p, &march()),
        vec![Failure::OverlapsConfirmed {
            start: d("2027-02-01"),
            end: d("2027-03-01")
        }]
    );
}

#[test]
fn rule_9_standing_consent_email_profile_and_history() {
    let mut a = march();
    a.declined_by = vec!["p1".into()];
    a.rejected = vec!["p1".into(), "p2".into()];
    assert_eq!(failures(&nurse("p1"), &a), vec![Failure::DeclinedBefore]);
    assert_eq!(failures(&nurse("p2"), &a), vec![Failure::RejectedBefore]);
    assert_eq!(failures(&nurse("p3"), &a), vec![]);
    type Bend = fn(&mut Professional);
    let cases: [(Bend, Failure); 3] = [
        (|p| p.matching_consent = false, Failure::NoMatchingConsent),
        (|p| p.email_verified = false, Failure::EmailUnverified),
        (|p| p.profile_complete = false, Failure::ProfileIncomplete),
    ];
    for (bend, expected) in cases {
        let mut p = nurse("p1");
        bend(&mut p);
        assert_eq!(failures(&p, &march()), vec![expected]);
    }
}

#[test]
fn every_broken_rule_is_told_in_rule_order() {
    let mut p = nurse("p1");
    p.matching_consent = false;
    p.languages.clear();
    p.licences.clear();
    let rules: Vec<Rule> = failures(&p, &march()).iter().map(Failure::rule).collect();
    assert_eq!(rules, vec![Rule::Licence, Rule::Languages, Rule::Standing]);
    assert_eq!(Rule::Standing.number(), 9);
}
