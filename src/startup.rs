//! Builds the application: pool, migrations, services, the HTTP server on its
//! listener (port 0 in tests), and the outbox sender beside it.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::config::Config;
use crate::db;
use crate::error::AppError;
use crate::mail::transport::Transport;
use crate::mail::worker::Worker;
use crate::services::Services;
use crate::store;
use crate::web::forms::MAX_FORM_BYTES;
use crate::web::{WebSettings, middleware};

pub struct Application {
    port: u16,
    server: Server,
    services: Services,
    background: Vec<JoinHandle<()>>,
    stop: watch::Sender<bool>,
}

/// How often the scheduled jobs look for work.
const JOBS_EVERY: Duration = Duration::from_secs(60);

/// Opens the pool and brings the schema up to date; used by `serve`,
/// `migrate` and `create-admin`.
pub async fn prepare_database(config: &Config) -> anyhow::Result<db::Pool> {
    let pool = db::build_pool(&config.database_url, config.db_pool_size, config.db_timeout)?;
    let p = pool.clone();
    let backend = config.database_url.backend_name();
    let applied = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<String>> {
        let mut conn = p
            .get()
            .with_context(|| format!("cannot connect to the {backend} database"))?;
        let applied = db::run_migrations(&mut conn)?;
        // The registry's rows are derived: written when first missing
        // (right after their table is created), kept up by the store since.
        if let Some(n) = conn.write(store::registry::fill_if_missing)? {
            tracing::info!(rows = n, "registry written from the profiles");
        }
        Ok(applied)
    })
    .await??;
    for version in applied {
        tracing::info!(%version, "migration applied");
    }
    Ok(pool)
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let config = Arc::new(config);
        let pool = prepare_database(&config).await?;
        let services = Services::new(config.clone(), pool.clone());
        let settings = WebSettings::new(&config);

        let listener = TcpListener::bind(&config.bind)
            .with_context(|| format!("cannot listen on {}", config.bind))?;
        let port = listener.local_addr()?.port();
        let data_services = web::Data::new(services.clone());
        let data_settings = web::Data::new(settings);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(data_services.clone())
                .app_data(data_settings.clone())
                .app_data(web::PayloadConfig::new(MAX_FORM_BYTES))
                .app_data(
                    web::QueryConfig::default().error_handler(|_, _| AppError::BadRequest.into()),
                )
                .app_data(
                    web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()),
                )
                .wrap(from_fn(middleware::around))
                .wrap(Compress::default())
                .configure(crate::web::routes)
                .default_service(web::to(|| async {
                    Err::<HttpResponse, _>(AppError::NotFound)
                }))
        })
        .workers(config.workers.max(1))
        .shutdown_timeout(config.shutdown_timeout.as_secs())
        .listen(listener)?
        .run();

        let (stop, stop_rx) = watch::channel(false);
        let mut background = Vec::new();
        if config.outbox.worker {
            let transport = Transport::from_config(&config)?;
            let from = config
                .mail_from
                .parse()
                .with_context(|| format!("MAIL_FROM {:?} is not an address", config.mail_from))?;
            let host = config
                .public_url
                .host_str()
                .unwrap_or("localhost")
                .to_string();
            let worker = Worker::new(
                pool,
                transport,
                config.outbox.clone(),
                from,
                host,
                services.outbox_wake.clone(),
            );
            background.push(tokio::spawn(worker.run(stop_rx.clone())));
        }
        // Jobs the database schedules: offers past their deadline expire,
        // then the reminders due go out. An expiry is a state change guarded
        // by the state it leaves, a reminder is marked sent with its emails,
        // so any number of servers may run them and none is done twice.
        let jobs = services.clone();
        let mut jobs_stop = stop_rx.clone();
        background.push(tokio::spawn(async move {
            loop {
                if let Err(e) = crate::services::matches::expire_due(&jobs).await {
                    tracing::warn!(error = %e, "scheduled jobs could not run");
                }
                if let Err(e) = crate::services::reminders::send_due(&jobs).await {
                    tracing::warn!(error = %e, "scheduled reminders could not be sent");
                }
                tokio::select! {
                    _ = tokio::time::sleep(JOBS_EVERY) => {}
                    _ = jobs_stop.changed() => break,
                }
            }
        }));
        let limits = services.limits.clone();
        let mut limits_stop = stop_rx;
        background.push(tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(60)) => limits.forget_idle(),
                    _ = limits_stop.changed() => break,
                }
            }
        }));
        tracing::info!(
            bind = %config.bind,
            port,
            public_url = %config.public_url,
            database = config.database_url.backend_name(),
            "Sankofa is listening"
        );
        Ok(Self {
            port,
            server,
            services,
            background,
            stop,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn services(&self) -> &Services {
        &self.services
    }

    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until the server is stopped (SIGTERM, SIGINT or the handle):
    /// requests in flight finish, then the background tasks stop.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let result = self.server.await;
        let _ = self.stop.send(true);
        for task in self.background {
            let _ = tokio::time::timeout(Duration::from_secs(10), task).await;
        }
        tracing::info!("Sankofa stopped");
        Ok(result?)
    }
}
