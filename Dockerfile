# Build stage: the release binary (libpq, SQLite and OpenSSL are compiled in: no packages).
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY crates crates
COPY migrations migrations
COPY tests tests
COPY docs docs
RUN cargo build --release --locked -p gatehouse \
 && strip target/release/gatehouse

# Runtime stage: CA certificates for upstream identity providers and TLS to databases.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 gatehouse \
 && useradd --system --uid 10001 --gid gatehouse --home-dir /var/lib/gatehouse gatehouse \
 && mkdir -p /var/lib/gatehouse \
 && chown gatehouse:gatehouse /var/lib/gatehouse
COPY --from=build /src/target/release/gatehouse /usr/local/bin/gatehouse
USER gatehouse:gatehouse
WORKDIR /var/lib/gatehouse
# Listen on every interface inside the container; the issuer must be the public URL.
ENV GATEHOUSE_SERVER__LISTEN=0.0.0.0:8080
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/gatehouse"]
CMD ["serve"]
