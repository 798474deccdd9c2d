#!/bin/sh
# Start-up of the API container: schema, demo data (once), demo users, then serve.
set -eu
cgintel db init
if [ ! -f /app/var/.demo-loaded ]; then
  cgintel demo && cgintel user demo-tokens --out /app/var/demo-tokens.json \
    && touch /app/var/.demo-loaded
fi
cat /app/var/demo-tokens.json 2>/dev/null || true
exec cgintel serve --host 0.0.0.0 --port 8000
