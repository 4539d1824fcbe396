# mlsd: a mock interviewer for ML system design interviews, as a Telegram bot.
#
#   docker build -t mlsd .
#   docker run -d --name mlsd -e TELOXIDE_TOKEN=... -v mlsd-data:/data mlsd
#   docker run -it --rm -v mlsd-data:/data mlsd practice      # the terminal version
#
# The runtime image is `scratch` with the binary and the few shared libraries it links
# (glibc, libgcc_s): no shell, no package manager, nothing else to patch. The case studies
# are built into the binary; TLS uses rustls with bundled root certificates.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin mlsd \
 && strip target/release/mlsd \
 && mkdir -p /rootfs/usr/local/bin /rootfs/tmp /data \
 && cp target/release/mlsd /rootfs/usr/local/bin/mlsd \
 && for lib in $(ldd target/release/mlsd | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do \
        cp --parents -L "$lib" /rootfs; \
    done \
 && chmod 1777 /rootfs/tmp \
 && chmod 0700 /data

FROM scratch
COPY --from=build /rootfs/ /
# Owned by the unprivileged user the bot runs as; private (0700) like every data directory.
COPY --from=build --chown=10001:10001 /data /data
ENV MLSD_DATA_DIR=/data \
    HOME=/data
VOLUME ["/data"]
USER 10001:10001
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/mlsd", "health"]
ENTRYPOINT ["/usr/local/bin/mlsd"]
CMD ["bot"]
