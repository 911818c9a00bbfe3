# Shared by smoke-test.sh and deb-test.sh (sourced, not run): checks with a tally and timings.
passed=0
failed=0
started_at=$SECONDS

say() { printf '== %s\n' "$*"; }

pass() { passed=$((passed + 1)); printf 'PASS %s\n' "$*"; }
fail() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }

# expect NAME EXPECTED_EXIT PATTERN -- command...: runs it, checks its exit code and that its
# output (stdout and stderr) matches PATTERN (an extended regex; empty: anything).
expect() {
  local name="$1" want_rc="$2" pattern="$3"
  shift 4
  local t0=$SECONDS output rc=0
  output="$("$@" 2>&1)" || rc=$?
  local took=$((SECONDS - t0))
  if [ "$rc" != "$want_rc" ]; then
    fail "$name: exit $rc, expected $want_rc (${took}s)"
    printf '%s\n' "$output" | sed 's/^/    /' | tail -20
  elif [ -n "$pattern" ] && ! printf '%s\n' "$output" | grep -Eq "$pattern"; then
    fail "$name: output does not match /$pattern/ (${took}s)"
    printf '%s\n' "$output" | sed 's/^/    /' | tail -20
  else
    pass "$name (${took}s): $(printf '%s\n' "$output" | grep -Ev '^(Picked up|$)' | tail -1)"
  fi
}

# A TCP port nobody listens on, so the embedded database never meets a console already running.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

# A fresh user: its own data and config directories, and no shared-server settings, so the
# launcher takes the embedded default.
fresh_user() {
  local dir="$1"
  mkdir -p "$dir/home" "$dir/data" "$dir/config"
  export HOME="$dir/home" XDG_DATA_HOME="$dir/data" XDG_CONFIG_HOME="$dir/config"
  unset STOCKROOM_DB_URL STOCKROOM_DB_USER STOCKROOM_SELLER JAVA_TOOL_OPTIONS
  STOCKROOM_EMBEDDED_PORT="$(free_port)"
  export STOCKROOM_EMBEDDED_PORT
}

# without_system_java command...: runs it with every JDK on this machine hidden (a private
# mount over /usr/lib/jvm, where Debian's and others' JDKs live and /usr/bin/java leads), as on
# a desk that never had Java. Needs root and unshare; without them the command runs as it is.
without_system_java() {
  if [ "$(id -u)" = 0 ] && [ -d /usr/lib/jvm ] && unshare -m true 2>/dev/null; then
    unshare -m sh -c 'mount -t tmpfs no-java /usr/lib/jvm && exec "$@"' sh "$@"
  else
    "$@"
  fi
}

# console_opens NAME -- command...: starts the console on a virtual screen and passes when its
# window is up (a window titled "Stockroom...") with no exception on its output: the same program
# a person starts from the applications menu. STOCKROOM_SMOKE_SCREENSHOT=file.png keeps a picture.
console_opens() {
  local name="$1"
  shift 2
  if ! command -v xvfb-run >/dev/null || ! command -v xwininfo >/dev/null; then
    say "skipped $name: needs xvfb-run and xwininfo (apt-get install xvfb x11-utils)"
    return 0
  fi
  local t0=$SECONDS rc=0
  # "$@" & makes $! the console itself, so the kill below reaches it (and its shutdown stops the
  # embedded server) before the virtual screen goes away under it.
  timeout 150 xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$@" > "$HOME/console.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do
      if xwininfo -root -tree 2>/dev/null | grep -q "\"Stockroom"; then
        sleep 5   # let the first screen draw, and fail on its way if it will
        if [ -n "${STOCKROOM_SMOKE_SCREENSHOT:-}" ] && command -v import >/dev/null; then
          import -window root "$STOCKROOM_SMOKE_SCREENSHOT"
        fi
        cp "$HOME/console.log" "$HOME/console-open.log"   # what it said while open, before the kill
        kill "$pid"; wait "$pid" 2>/dev/null
        exit 0
      fi
      kill -0 "$pid" 2>/dev/null || exit 3
      sleep 1
    done
    kill "$pid"; wait "$pid" 2>/dev/null; exit 4' console "$@" || rc=$?
  # Closing the console stops the embedded server it started: no postgres left behind.
  local pid_file="$XDG_DATA_HOME/stockroom/pg17/postmaster.pid"
  for _ in $(seq 1 30); do [ -e "$pid_file" ] || break; sleep 1; done
  if [ "$rc" = 0 ] && grep -q "Exception" "$HOME/console-open.log"; then
    fail "$name: the console window opened, with exceptions:"
    grep -A3 "Exception" "$HOME/console-open.log" | sed 's/^/    /' | head -20
  elif [ "$rc" = 0 ] && [ -e "$pid_file" ]; then
    fail "$name: the embedded database still runs after the console closed"
  elif [ "$rc" = 0 ]; then
    pass "$name: the console window opened ($((SECONDS - t0))s)"
  else
    fail "$name: no console window (exit $rc, $((SECONDS - t0))s)"
    sed 's/^/    /' "$HOME/console.log" | tail -20
  fi
}

summary() {
  printf '== took %ss\n' "$((SECONDS - started_at))"
  printf '%s: %d passed, %d failed\n' "$1" "$passed" "$failed"
  [ "$failed" = 0 ]
}
