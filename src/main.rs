//! The `sankofa` command: serve (default), migrate, create-admin, demo-data.

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
    /// Create one demonstration account per role (refused in production).
    DemoData,
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
            Command::DemoData => demo_data(config).await,
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
