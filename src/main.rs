//! The `sankofa` command: serve (default), migrate, create-admin, demo-data,
//! match.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sankofa::config::Config;
use sankofa::error::AppError;
use sankofa::services::{Services, accounts};
use sankofa::startup::{Application, prepare_database};

#[derive(Parser)]
#[command(
    name = "sankofa",
    version,
    about = "Registry of diaspora health professionals and return matching"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator; the password is read from the terminal
    /// without echo, or from the first line of standard input when piped.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Create one demonstration account per role, or with --professionals
    /// and --facilities a whole registry at scale (refused in production).
    DemoData {
        /// Professionals to generate, with profiles, licences, windows and consents.
        #[arg(long)]
        professionals: Option<u64>,
        /// Facilities to generate in the countries of origin, each with one staff account.
        #[arg(long)]
        facilities: Option<u64>,
        /// The same seed gives the same people.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Run the matcher for a programme: its best pairs become proposals for
    /// the programme's coordinators to approve or reject.
    Match {
        /// The programme's code, as on its page (e.g. GH-HEALTH).
        #[arg(long)]
        programme: String,
        /// Show what would be proposed; store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the run as JSON on standard output.
        #[arg(long)]
        json: bool,
        /// Write the scored candidate graph (professionals, assignments with
        /// their free positions, every feasible pair with its integer score)
        /// as JSON to FILE, for an independent solver to check the optimum.
        #[arg(long, value_name = "FILE")]
        export_instance: Option<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    sankofa::telemetry::init();
    let cli = Cli::parse();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("sankofa: configuration error: {e:#}");
            return ExitCode::from(2);
        }
    };
    let result = actix_web::rt::System::new().block_on(async move {
        match cli.command.unwrap_or(Command::Serve) {
            Command::Serve => Application::build(config).await?.run_until_stopped().await,
            Command::Migrate => {
                prepare_database(&config).await?;
                println!("database is up to date");
                Ok(())
            }
            Command::CreateAdmin { email, name } => create_admin(config, &email, &name).await,
            Command::Match {
                programme,
                dry_run,
                json,
                export_instance,
            } => run_matcher(config, &programme, dry_run, json, export_instance).await,
            Command::DemoData {
                professionals: None,
                facilities: None,
                ..
            } => demo_data(config).await,
            Command::DemoData {
                professionals,
                facilities,
                seed,
            } => {
                let scale = sankofa::services::demo::Scale {
                    professionals: professionals.unwrap_or(0),
                    facilities: facilities.unwrap_or(0),
                    seed,
                };
                demo_data_at_scale(config, scale).await
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sankofa: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn demo_data(config: Config) -> anyhow::Result<()> {
    use sankofa::services::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, load};
    let pool = prepare_database(&config).await?;
    let services = Services::new(std::sync::Arc::new(config), pool);
    let created = load(&services).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "{created} demonstration account(s) created; each has the password {DEMO_PASSWORD:?}:"
    );
    for a in &DEMO_ACCOUNTS {
        println!("  {:<12} {}", a.role.as_str(), a.email);
    }
    println!("log in at {}", services.config.public_link("/login"));
    Ok(())
}

async fn demo_data_at_scale(
    config: Config,
    scale: sankofa::services::demo::Scale,
) -> anyhow::Result<()> {
    use indicatif::{ProgressBar, ProgressStyle};
    use sankofa::services::demo::{DEMO_PASSWORD, load, load_scale};
    let pool = prepare_database(&config).await?;
    let services = Services::new(std::sync::Arc::new(config), pool);
    let started = std::time::Instant::now();
    load(&services).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    // Drawn on standard error only when it is a terminal.
    let bar = ProgressBar::new(scale.professionals + scale.facilities);
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {human_pos}/{human_len} {per_sec} ETA {eta}",
        )?
        .progress_chars("=> "),
    );
    let report = load_scale(&services, scale, |done| bar.set_position(done))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish_and_clear();
    let range = |r: &std::ops::Range<u64>| {
        if r.is_empty() {
            "none".to_string()
        } else {
            format!("numbers {} to {}", r.start, r.end - 1)
        }
    };
    println!(
        "{} professionals ({}) and {} facilities ({}) created with seed {} in {:.1} s ({} rows)",
        scale.professionals,
        range(&report.professionals),
        scale.facilities,
        range(&report.facilities),
        scale.seed,
        started.elapsed().as_secs_f64(),
        report.rows,
    );
    println!(
        "{} programme(s) created; every account made here has the password {DEMO_PASSWORD:?}",
        report.programmes_created
    );
    println!("programme coordinators:");
    for c in &report.coordinators {
        let note = if c.created { "" } else { " (already there)" };
        println!(
            "  {:<16} {:<28} {}{note}",
            c.programme, c.full_name, c.email
        );
    }
    println!("  administrator    admin@demo.sankofa.example");
    println!("log in at {}", services.config.public_link("/login"));
    Ok(())
}

async fn run_matcher(
    config: Config,
    programme: &str,
    dry_run: bool,
    json: bool,
    export_instance: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    use indicatif::{ProgressBar, ProgressStyle};
    use sankofa::services::matcher::{Ask, Stage, run_programme};
    let pool = prepare_database(&config).await?;
    let services = Services::new(std::sync::Arc::new(config), pool);
    let started = std::time::Instant::now();
    // Drawn on standard error only when it is a terminal.
    let bar = ProgressBar::new(4);
    bar.set_style(ProgressStyle::with_template(
        "{elapsed_precise} [{bar:20}] {pos}/{len} {msg}",
    )?);
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let ask = Ask {
        dry_run,
        keep_feasible: export_instance.is_some(),
    };
    let result = run_programme(
        &services,
        None,
        programme,
        &ask,
        &Default::default(),
        |stage| {
            let (pos, msg) = match stage {
                Stage::Loading => (0, "reading professionals and assignments"),
                Stage::Matching => (1, "checking rules, scoring, finding the optimum"),
                Stage::Recording => (2, "recording the proposals"),
                Stage::Done => (4, "done"),
            };
            bar.set_position(pos);
            bar.set_message(msg);
        },
    )
    .await;
    bar.finish_and_clear();
    let (report, inputs, outcome) = match result {
        Ok(r) => r,
        Err(AppError::NotFound) => anyhow::bail!("no programme has the code {programme:?}"),
        Err(e) => return Err(e.into()),
    };
    if let Some(path) = export_instance {
        let file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let instance = serde_json::json!({
            "programme": report.programme,
            "professionals": inputs.professionals.iter().map(|p| &p.id).collect::<Vec<_>>(),
            "assignments": inputs.assignments.iter().map(|a| serde_json::json!({"id": a.id, "positions": a.positions})).collect::<Vec<_>>(),
            "pairs": outcome.feasible.iter().map(|&(a, p, s)| [a as i64, p as i64, s]).collect::<Vec<_>>(),
            "total_score": report.total_score,
        });
        serde_json::to_writer(file, &instance)?;
        eprintln!("instance written to {}", path.display());
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    println!(
        "programme {}: {} professionals, {} assignments with {} free positions",
        report.programme, report.professionals, report.assignments, report.positions
    );
    println!(
        "{} candidate pairs checked, {} feasible; {} proposals with a total score of {:.3}",
        report.candidate_pairs,
        report.feasible_pairs,
        report.proposals.len(),
        report.total_score as f64 / 1000.0
    );
    if report.dry_run {
        println!("dry run: nothing was stored");
    } else {
        let written = report
            .proposals
            .iter()
            .filter(|p| p.match_id.is_some())
            .count();
        println!(
            "{written} proposals are waiting for the coordinators' approval{}",
            if report.already_matched > 0 {
                format!(
                    "; {} pairs already had a live match and were left as they are",
                    report.already_matched
                )
            } else {
                String::new()
            }
        );
    }
    println!(
        "read in {} ms, matched in {} ms, recorded in {} ms; {:.1} s in all",
        report.load_ms,
        report.match_ms,
        report.record_ms,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 12 characters): ")?;
        let second = rpassword::prompt_password("Password again: ")?;
        if first != second {
            anyhow::bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn create_admin(config: Config, email: &str, name: &str) -> anyhow::Result<()> {
    let password = read_password()?;
    let pool = prepare_database(&config).await?;
    let services = Services::new(std::sync::Arc::new(config), pool);
    match accounts::create_admin(&services, email, name, &password).await {
        Ok(_) => {
            println!(
                "administrator {email} created; log in at {}",
                services.config.public_link("/login")
            );
            Ok(())
        }
        Err(AppError::Validation(errors)) => {
            let problems: Vec<String> = errors
                .iter()
                .map(|(field, e)| {
                    let args: Vec<(&str, String)> =
                        e.args.iter().map(|(k, v)| (*k, v.clone())).collect();
                    format!(
                        "{field}: {}",
                        sankofa::i18n::t_args(Default::default(), e.key, &args)
                    )
                })
                .collect();
            anyhow::bail!("{}", problems.join("; "))
        }
        Err(e) => Err(e.into()),
    }
}
