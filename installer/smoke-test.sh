#!/usr/bin/env bash
# Smoke test of the application image: builds it (installer/build.sh --type app-image) and runs
# its launcher as a fresh user would, headless, against the embedded database (a temporary data
# directory and a free port): --version, migrate, check, a change and check again (data kept
# between runs), check with every system JDK hidden, and that nothing was written inside the image.
#   installer/smoke-test.sh [--skip-build] [--console]
#   --skip-build: test target/installer/image as it is; --console: also open the console on a
#   virtual screen (needs xvfb-run and xwininfo).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. installer/smoke-lib.sh

build=true
console=false
for arg in "$@"; do
  case "$arg" in
    --skip-build) build=false ;;
    --console) console=true ;;
    *) echo "smoke-test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ "$build" = true ]; then
  t0=$SECONDS
  say "building the application image"
  bash installer/build.sh --type app-image ${STOCKROOM_SMOKE_BUILD_ARGS:-}
  say "built in $((SECONDS - t0))s"
fi
image="$root/target/installer/image/stockroom"
launcher="$image/bin/stockroom"
[ -x "$launcher" ] || { echo "smoke-test.sh: no application image at $image" >&2; exit 1; }
version="$(unzip -p "$image/lib/app/stockroom.jar" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Implementation-Version: //p')"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/stockroom-smoke.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
fresh_user "$scratch"
touch "$scratch/before"
say "launcher $launcher, data in $XDG_DATA_HOME, embedded port $STOCKROOM_EMBEDDED_PORT"

expect "--version" 0 "^Stockroom $version, database schema [0-9]+" -- "$launcher" --version
expect "migrate (embedded, first run)" 0 "^ok: embedded database at schema" -- "$launcher" migrate
expect "check" 0 "^ok: [0-9]+ SKUs, [0-9]+ ledger rows, 0 problem" -- "$launcher" check
expect "restock" 0 "" -- "$launcher" restock MUG-BLU-350 5
expect "check after a change" 0 "^ok: " -- "$launcher" check
if [ "$(id -u)" = 0 ] && [ -d /usr/lib/jvm ] && unshare -m true 2>/dev/null; then
  expect "check with no Java on the machine (/usr/lib/jvm hidden)" 0 "^ok: " -- without_system_java "$launcher" check
fi
expect "a bad command is refused with exit 2" 2 "Unmatched argument|Unknown" -- "$launcher" no-such-command
if [ -d "$XDG_DATA_HOME/stockroom/pg17" ]; then
  pass "the embedded database lives in the user's data directory ($XDG_DATA_HOME/stockroom)"
else
  fail "no embedded database under $XDG_DATA_HOME/stockroom"
fi
written="$(find "$image" -newer "$scratch/before" | head -5)"
if [ -z "$written" ]; then
  pass "nothing written inside the application image"
else
  fail "written inside the application image: $written"
fi
if [ "$console" = true ]; then
  console_opens "console" -- "$launcher"
fi
summary smoke
