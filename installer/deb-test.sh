#!/usr/bin/env bash
# Installs the Debian package on this machine, uses it as a fresh user would, upgrades it,
# removes it (dpkg --purge), and checks that nothing is left outside that user's data directory.
# Needs root (dpkg). Builds the package first unless --skip-build.
#   installer/deb-test.sh [--skip-build]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. installer/smoke-lib.sh

build=true
for arg in "$@"; do
  case "$arg" in
    --skip-build) build=false ;;
    *) echo "deb-test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "deb-test.sh: installing a package needs root" >&2; exit 1; }
# /tmp is shared with every other program on the machine; the test runs with a /tmp of its own
# (a private mount) so that whatever is found there afterwards can only be Stockroom's.
if [ -z "${STOCKROOM_DEB_TEST_PRIVATE_TMP:-}" ] && command -v unshare >/dev/null \
    && unshare -m true 2>/dev/null; then
  export STOCKROOM_DEB_TEST_PRIVATE_TMP=1
  exec unshare -m bash -c 'mount -t tmpfs stockroom-deb-test /tmp && chmod 1777 /tmp && exec bash "$0" "$@"' "$0" "$@"
fi
private_tmp="${STOCKROOM_DEB_TEST_PRIVATE_TMP:-}"
if dpkg -s stockroom >/dev/null 2>&1; then
  echo "deb-test.sh: stockroom is already installed here; remove it first (dpkg --purge stockroom)" >&2
  exit 1
fi

if [ "$build" = true ]; then
  t0=$SECONDS
  say "building the Debian package"
  bash installer/build.sh --type deb ${STOCKROOM_SMOKE_BUILD_ARGS:-}
  say "built in $((SECONDS - t0))s"
fi
deb="$(ls "$root"/target/installer/stockroom_*.deb | head -1)"
version="$(dpkg-deb -f "$deb" Version)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/stockroom-deb.XXXXXX")"
# A test that stops half-way still takes the package off the machine.
cleanup() {
  if dpkg -s stockroom >/dev/null 2>&1; then dpkg --purge stockroom >/dev/null 2>&1 || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# The libraries the package depends on belong to the system, not to Stockroom: install them
# before the "before" picture, so the comparison sees only what the package itself adds.
missing=()
for dep in $(dpkg-deb -f "$deb" Depends | tr ',' ' '); do
  dpkg -s "$dep" >/dev/null 2>&1 || missing+=("$dep")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing the package's dependencies: ${missing[*]}"
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

# Everything on this machine except what changes by itself or belongs to others (other
# programs' temporary files, logs, caches, package-manager state, source trees, the system's own
# PostgreSQL server if it has one).
picture() {
  find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /tmp -o -path /var/tmp \
    -o -path /work -o -path /var/log -o -path /var/cache -o -path /var/lib/apt -o -path /var/lib/dpkg \
    -o -path /root/.m2 -o -path /var/lib/postgresql -o -path "$scratch" \) -prune -o -print 2>/dev/null | sort
}
# (the virtual screen's own files, made by xvfb-run for the console check, are not Stockroom's)
tmp_picture() { find /tmp 2>/dev/null | grep -Ev "^($scratch|/tmp/\.X11-unix|/tmp/\.X[0-9]+-lock|/tmp/xvfb-run)" | sort; }
t0=$SECONDS
picture > "$scratch/before.txt"
tmp_picture > "$scratch/tmp-before.txt"
say "before: $(wc -l < "$scratch/before.txt") paths ($((SECONDS - t0))s)"

# --- install --------------------------------------------------------------------------------
expect "dpkg -i $(basename "$deb")" 0 "" -- dpkg -i "$deb"
[ "$(readlink /usr/bin/stockroom)" = /opt/stockroom/bin/stockroom ] \
  && pass "stockroom is on PATH (/usr/bin/stockroom)" || fail "/usr/bin/stockroom does not lead to /opt/stockroom/bin/stockroom"
menu_entry=/usr/share/applications/stockroom.desktop
[ -f "$menu_entry" ] && pass "menu entry installed ($menu_entry)" || fail "no menu entry at $menu_entry"

# --- use, as a fresh user --------------------------------------------------------------------
user_dir="$scratch/user"
fresh_user "$user_dir"
say "user data in $XDG_DATA_HOME, embedded port $STOCKROOM_EMBEDDED_PORT"
expect "stockroom --version" 0 "^Stockroom [0-9.]+, database schema" -- stockroom --version
expect "stockroom migrate" 0 "^ok: embedded database at schema" -- stockroom migrate
expect "stockroom restock" 0 "^ok: " -- stockroom restock MUG-BLU-350 5
before_upgrade="$(stockroom check 2>&1 | tail -1 || true)"
expect "stockroom check" 0 "^ok: .*0 problem" -- stockroom check
exec_line="$(sed -n "s/^Exec=//p" "$menu_entry" 2>/dev/null | head -1 || true)"
# shellcheck disable=SC2086  # the Exec line is a command line, as the menu runs it
console_opens "console from the menu entry (Exec=$exec_line)" -- $exec_line

# --- upgrade: the same files as a newer package; the user's data must come through ------------
next_version="${version%-*}-$(( ${version##*-} + 1 ))"
t0=$SECONDS
dpkg-deb -R "$deb" "$scratch/next"
sed -i "s/^Version: .*/Version: $next_version/" "$scratch/next/DEBIAN/control"
dpkg-deb -Zgzip -z1 -b "$scratch/next" "$scratch/stockroom_next.deb" >/dev/null
rm -rf "$scratch/next"
say "upgrade package $next_version made ($((SECONDS - t0))s)"
expect "upgrade with dpkg -i ($version -> $next_version)" 0 "" -- dpkg -i "$scratch/stockroom_next.deb"
[ "$(dpkg-query -W -f '${Version}' stockroom)" = "$next_version" ] && pass "installed version is $next_version" || fail "upgrade did not take"
after_upgrade="$(stockroom check 2>&1 | tail -1 || true)"
if [ "$after_upgrade" = "$before_upgrade" ]; then
  pass "the user's data survived the upgrade ($after_upgrade)"
else
  fail "after the upgrade: '$after_upgrade', before: '$before_upgrade'"
fi
[ -f "$menu_entry" ] && [ -L /usr/bin/stockroom ] && pass "menu entry and PATH link still there after the upgrade" \
  || fail "menu entry or /usr/bin/stockroom lost in the upgrade"

# --- remove -----------------------------------------------------------------------------------
expect "dpkg --purge stockroom" 0 "" -- dpkg --purge stockroom
[ -d "$XDG_DATA_HOME/stockroom/pg17" ] && pass "the user's data is kept after removal" || fail "the user's data went with the package"
t0=$SECONDS
picture > "$scratch/after.txt"
tmp_picture > "$scratch/tmp-after.txt"
left="$(comm -13 "$scratch/before.txt" "$scratch/after.txt")"
gone="$(comm -23 "$scratch/before.txt" "$scratch/after.txt")"
if [ -z "$left" ]; then
  pass "nothing left on the machine outside the user's data directory ($((SECONDS - t0))s)"
else
  fail "left behind after removal:"
  printf '%s\n' "$left" | sed 's/^/    /' | head -30
fi
[ -z "$gone" ] || { say "paths that disappeared meanwhile (other programs):"; printf '%s\n' "$gone" | sed 's/^/    /' | head -10; }
tmp_left="$(comm -13 "$scratch/tmp-before.txt" "$scratch/tmp-after.txt")"
if [ -z "$private_tmp" ]; then
  # a shared /tmp: only names that could be ours count
  tmp_left="$(printf '%s\n' "$tmp_left" | grep -Ei "stockroom|PGSQL.$STOCKROOM_EMBEDDED_PORT|javafx|openjfx|jpackage" || true)"
fi
if [ -z "$tmp_left" ]; then
  pass "nothing left in /tmp${private_tmp:+ (a private /tmp: any file there would count)}"
else
  fail "left in /tmp:"
  printf '%s\n' "$tmp_left" | sed 's/^/    /'
fi
summary deb
