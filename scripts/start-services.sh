#!/usr/bin/env bash
# Make sure the services the scale-out tests use answer on loopback, starting any that is
# down: PostgreSQL 127.0.0.1:5432 (trust auth, user postgres), Redis 127.0.0.1:6379 and
# RabbitMQ 127.0.0.1:5672 (guest/guest). Debian 12 packages, root; no systemd needed.
# Usage: scripts/start-services.sh [postgres] [redis] [rabbitmq]   (default: all three)
set -euo pipefail

WAIT_SECONDS="${OMOTENASHI_SERVICE_WAIT_SECONDS:-60}"

answers() {  # host port: true when something accepts a TCP connection
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
}

wait_for() {  # name command...: poll the command until it succeeds or time runs out
  local name=$1; shift
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "start-services: $name did not answer within ${WAIT_SECONDS}s" >&2
      return 1
    fi
    sleep 1
  done
  echo "start-services: $name is up"
}

postgres_up() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432 -U postgres
  else
    answers 127.0.0.1 5432
  fi
}

redis_up() {
  [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]
}

rabbitmq_up() {
  answers 127.0.0.1 5672
}

start_postgres() {
  postgres_up && { echo "start-services: PostgreSQL already up"; return 0; }
  local version
  version=$(ls /etc/postgresql | sort -V | tail -1)
  echo "start-services: starting PostgreSQL $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  wait_for PostgreSQL postgres_up
}

start_redis() {
  redis_up && { echo "start-services: Redis already up"; return 0; }
  echo "start-services: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis redis_up
}

start_rabbitmq() {
  rabbitmq_up && { echo "start-services: RabbitMQ already up"; return 0; }
  echo "start-services: starting RabbitMQ"
  rabbitmq-server -detached
  # The port opens before the broker accepts logins; await_startup waits for the app.
  wait_for RabbitMQ rabbitmq_up
  timeout "$WAIT_SECONDS" rabbitmqctl -q await_startup >/dev/null 2>&1 || true
}

services=("$@")
[ ${#services[@]} -eq 0 ] && services=(postgres redis rabbitmq)
for service in "${services[@]}"; do
  case "$service" in
    postgres|postgresql) start_postgres ;;
    redis) start_redis ;;
    rabbitmq|rabbit) start_rabbitmq ;;
    *) echo "start-services: unknown service $service" >&2; exit 2 ;;
  esac
done
