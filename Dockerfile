# mlsd: a mock interviewer for ML system design interviews, as a Telegram bot.
#
#   docker build -t mlsd .
#   docker run -d --name mlsd -e TELOXIDE_TOKEN=... -v mlsd-data:/data mlsd
#   docker run -it --rm -v mlsd-data:/data mlsd practice      # the terminal version

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin mlsd \
 && strip target/release/mlsd

FROM debian:bookworm-slim
# TLS uses rustls with bundled root certificates, so the image needs no CA package.
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin mlsd \
 && mkdir -p /data \
 && chown mlsd:mlsd /data
COPY --from=build /src/target/release/mlsd /usr/local/bin/mlsd
# The case studies are built into the binary; to use your own, mount a directory and set
# MLSD_DIALOGUES to it (add MLSD_WITH_BUILTIN=true to keep the built-in ones as well).
ENV MLSD_DATA_DIR=/data
VOLUME ["/data"]
USER mlsd
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD ["mlsd", "health"]
ENTRYPOINT ["mlsd"]
CMD ["bot"]
