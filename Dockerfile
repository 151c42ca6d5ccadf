# Sankofa: a multi-stage build into a slim runtime image that runs as a
# non-root user and keeps its data (SQLite file, development mail) in /data.
#
#   docker build -t sankofa .
#   docker run -p 8080:8080 -v sankofa-data:/data \
#     -e SESSION_SECRET="$(openssl rand -hex 32)" \
#     -e PUBLIC_URL=https://sankofa.example.org sankofa

FROM rust:1.95-slim-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so that a change to the application alone reuses this layer.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src && echo 'fn main() {}' > src/main.rs && touch src/lib.rs \
 && cargo build --release --locked \
 && rm -rf src
COPY build.rs ./
COPY src src
COPY templates templates
COPY migrations migrations
COPY locales locales
COPY static static
RUN touch src/main.rs src/lib.rs \
 && cargo build --release --locked \
 && strip target/release/sankofa

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin sankofa \
 && mkdir -p /data \
 && chown sankofa:sankofa /data
COPY --from=build /src/target/release/sankofa /usr/local/bin/sankofa
USER sankofa
WORKDIR /data
ENV SANKOFA_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data \
    RUST_LOG=info
VOLUME ["/data"]
EXPOSE 8080
# Liveness: GET /healthz; readiness: GET /readyz.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/sankofa"]
CMD ["serve"]
