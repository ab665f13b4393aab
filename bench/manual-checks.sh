#!/usr/bin/env bash
# Five of the guide's manual checks, one after another, with native tools (issue 7's baseline).
# Usage: manual-checks.sh API_PORT DATABASE_URL REDIS_PORT FRONTEND_ORIGIN
port=$1 db=$2 redis=$3 origin=$4
lsof -i ":$port" > /dev/null
curl -s -o /dev/null "http://127.0.0.1:$port/health"
curl -s -o /dev/null -X OPTIONS -H "Origin: $origin" -H 'Access-Control-Request-Method: POST' \
  -H 'Access-Control-Request-Headers: authorization,content-type' "http://127.0.0.1:$port/api/auth/login"
pg_isready -q -d "$db" && psql -qAt -c 'select 1' "$db" > /dev/null
redis-cli -p "$redis" ping > /dev/null
