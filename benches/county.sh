#!/usr/bin/env bash
# The county store's figures (issue 21): builds the encrypted county store as a school would
# have it (50,000 children, 2,000,000 notes, a coordinator, 李老师 with 8 children), then
# measures what a person waits for, through tmux as they would, and prints the table of
# benches/README.md. Release build; the medians of RUNS runs.
#
#   benches/county.sh [WORKDIR]      # default: a new folder under /tmp; RUNS=5 by default
#
# Needs tmux and GNU time (/usr/bin/time). About 5 minutes on the 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-5}"
work="${1:-$(mktemp -d /tmp/county.XXXXXX)}"
mkdir -p "$work"
command -v tmux >/dev/null || { echo "county.sh needs tmux" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "county.sh needs GNU time (/usr/bin/time)" >&2; exit 1; }

cargo build --release --locked --bin shouwang >/dev/null
bin="$PWD/target/release/shouwang"
export SHOUWANG_NOW=2026-11-25T10:00
export SHOUWANG_PASSPHRASE='青山绿水 county 2026' SHOUWANG_NEW_PASSPHRASE='青山绿水 county 2026'
# The app's log (screen ticks) and anything else it keeps go to the work folder.
export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config"
log="$work/data/shouwang/shouwang.log"
db="$work/county.redb"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }
range() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo "–" hi}'; }
shw() { "$bin" --lang en --db "$db" "$@"; }

# Building the store, as issue 21 gives it.
rm -rf "$work"/county.redb* "$work/backups" "$work/data"
# What a run measured is appended to these: a work folder used again starts them anew.
rm -f "$work"/first.* "$work"/caseload "$work"/coord.mem "$work"/ticks "$work"/cli
shw counselor add 周主任 --role coordinator >/dev/null
t=$(date +%s%N)
/usr/bin/time -f '%M' -o "$work/build.mem" "$bin" --lang en --db "$db" --user 周主任 \
  demo --children 50000 --notes-per-child 40 >/dev/null
build_ms=$(ms "$t"); build_mb=$(( $(cat "$work/build.mem") / 1024 ))
shw --user 周主任 passphrase --for 李老师 >/dev/null

# One run of the app in tmux: "$1" the user, then a list of steps; prints what it measured.
session=county$$
app() {
  local user=$1
  tmux new-session -d -s "$session" -x 100 -y 30 \
    "/usr/bin/time -f '%e %M' -o '$work/app.time' '$bin' --lang en --db '$db' --user '$user'; echo EXITED; sleep 60"
}
wait_for() { # text, timeout in s
  local deadline=$(( $(date +%s) + ${2:-60} ))
  until tmux capture-pane -p -t "$session" 2>/dev/null | grep -q -- "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "timed out waiting for '$1'" >&2; tmux kill-session -t "$session"; exit 1; }
    sleep 0.003
  done
}
quit_app() {
  tmux send-keys -t "$session" Escape Escape q
  wait_for EXITED 120
  tmux kill-session -t "$session"
}

# The first start of the day makes the day's backup at quit; the runs after it do not.
first_quit=()
for user in 李老师 周主任; do
  for i in $(seq "$RUNS"); do
    t=$(date +%s%N); app "$user"; wait_for "This week"; echo "$(ms "$t")" >>"$work/first.$user"
    sleep 1
    if [ "$user" = 周主任 ]; then
      t=$(date +%s%N); tmux send-keys -t "$session" 2; wait_for "of 50000"; echo "$(ms "$t")" >>"$work/caseload"
      tmux send-keys -t "$session" /; sleep 0.2
      for c in z h a n g w e i; do tmux send-keys -t "$session" -l "$c"; sleep 0.15; done
      sleep 0.3
    fi
    t=$(date +%s%N); quit_app; q=$(ms "$t")
    read -r _ mem <"$work/app.time"
    if [ "$user" = 周主任 ]; then
      echo $((mem / 1024)) >>"$work/coord.mem"
      grep "screen ticks" "$log" | tail -1 >>"$work/ticks"
    fi
    if [ -d "$work/backups" ] && [ ${#first_quit[@]} -eq 0 ]; then
      first_quit=("$q" "$((mem / 1024))")
    fi
  done
done
# Keystrokes: the answers logged after the 8 characters, over every coordinator run.
p99=$(sed -n 's/.*p99_ms=\([0-9.]*\).*/\1/p' "$work/ticks" | awk '{printf "%d\n", $1 + 0.5}' | range)
median_tick=$(sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p' "$work/ticks" | awk '{printf "%.1f\n", $1}' | range)

# An unlocked command-line run, and check.
for i in $(seq "$RUNS"); do
  t=$(date +%s%N); shw --user 李老师 counselor list >/dev/null; echo "$(ms "$t")" >>"$work/cli"
done
t=$(date +%s%N); shw --user 周主任 check >/dev/null; check_ms=$(ms "$t")

# After a crash: the app killed, then started again.
app 李老师; wait_for "This week"; sleep 1
pkill -KILL -f "$bin --lang en --db $db --user 李老师" || true
sleep 0.5; tmux kill-session -t "$session" 2>/dev/null || true
t=$(date +%s%N); app 李老师; wait_for "This week"; crash_ms=$(ms "$t"); quit_app

cat <<EOF

County store: $work ($(du -h "$db" | cut -f1)), built in $((build_ms / 1000)) s at $build_mb MB peak. Medians of $RUNS runs (ranges where shown).

| figure | measured |
|---|---:|
| start → first screen, counselor 李老师 (8 children) | $(median <"$work/first.李老师") ms ($(range <"$work/first.李老师")) |
| start → first screen, coordinator | $(median <"$work/first.周主任") ms ($(range <"$work/first.周主任")) |
| start → first screen after the app was killed | $crash_ms ms |
| a command-line run, its unlock included (\`counselor list --user 李老师\`) | $(median <"$work/cli") ms |
| coordinator's caseload opens (after \`2\`) | $(median <"$work/caseload") ms ($(range <"$work/caseload")) |
| keystrokes of \`zhangwei\` in the coordinator's search: median, p99 (= longest of 12) | $median_tick ms, $p99 ms |
| peak memory, coordinator with search | $(median <"$work/coord.mem") MB |
| quit with the day's backup | ${first_quit[0]:-?} ms, ${first_quit[1]:-?} MB peak |
| \`check --user 周主任\` | $check_ms ms |
EOF
