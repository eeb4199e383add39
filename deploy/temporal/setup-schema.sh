#!/bin/sh
# One-shot: Temporal's schema in PostgreSQL (the persistence and visibility databases), then the
# namespace the runbooks use. Safe to run again: what exists is kept, the schema is brought up to
# this server version's.
set -eu
: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}" "${NAMESPACE:?}"
sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -u "$POSTGRES_USER" -p 5432 "$@"; }

for db in temporal temporal_visibility; do
  sql --db "$db" create 2>/dev/null || echo "database $db exists"
  sql --db "$db" setup-schema -v 0.0 2>/dev/null || echo "database $db has a schema"
done
sql --db temporal update-schema -d /etc/temporal/schema/postgresql/v12/temporal/versioned
sql --db temporal_visibility update-schema -d /etc/temporal/schema/postgresql/v12/visibility/versioned
echo "Temporal schema is current"
