# Soak: the session loops (--loop) at 160x90 on an accelerated wall clock
# (--clock-rate, test only) and, loop after loop, memory, file descriptors and
# GL objects stay flat. The quality is pinned (--quality low) so that every
# loop draws with the same render targets and memory is compared like for
# like. CI runs 2 simulated hours (about 12 sessions);
#   SOAK_HOURS=24 bash tests/soak.sh build/wellspring /tmp/soak
# runs the full day (about 150 sessions).
source "$(dirname "$0")/lib.sh"
hours=${SOAK_HOURS:-2}
rate=600
secs=$(awk -v h="$hours" -v r="$rate" 'BEGIN { printf "%d", h * 3600 / r + 5 }')
SDL_VIDEODRIVER=offscreen timeout --preserve-status -k 10 -s TERM "$secs" "$WS" --windowed=160x90 --mute --loop --quality low \
    --clock-rate "$rate" --verbose 2> "$SCRATCH/log.txt" || fail "the soak run exited badly (status $?): $(tail -3 "$SCRATCH/log.txt")"
grep '\[soak\] loop [0-9]' "$SCRATCH/log.txt" | sed 's/.*loop //' > "$SCRATCH/census.txt"
loops=$(wc -l < "$SCRATCH/census.txt")
min=$(awk -v h="$hours" 'BEGIN { printf "%d", h * 3600 / 590 * 0.6 }')
[ "$loops" -ge "$min" ] || fail "only $loops sessions in $hours simulated hours (expected at least $min)"
# Fields: N: rss R kB, fds F, gl textures T (+C caption lines) framebuffers B programs P;
#   made so far: textures X (+Y caption lines) framebuffers Z programs W
# The first half counts what is alive; the second what was ever made, so a
# texture re-made every loop (and deleted) shows too. Caption lines are made
# as their cues come and deleted after, so each loop makes about one pass's
# lines, never more than two per cue (with a margin for the few made ahead).
# In the sanitizer build AddressSanitizer's quarantine holds freed memory on
# purpose (up to 256 MB), so RSS says nothing there; LeakSanitizer checks
# leaks in that build instead, and the RSS bound applies to the normal build.
rss_limit=2048
[ -n "${WS_TEST_PRELOAD:-}" ] && rss_limit=1000000000
cues=$("$WS" --check "$(cd "$(dirname "$0")/.." && pwd)/audio/fountain.vtt" 2> /dev/null | grep -c ' --> ')
awk -v warm=3 -v limit="$rss_limit" -v maxcap=$((cues * 22 / 10)) '{ gsub(/[:,()+;]/, " "); n = $1; rss = $3; fds = $6; tex = $9; fb = $14; prog = $16
      mtex = $21; mcap = $22; mfb = $26; mprog = $28
      if (n == warm) { rss0 = rss; fds0 = fds; tex0 = tex; fb0 = fb; prog0 = prog; mtex0 = mtex; mfb0 = mfb; mprog0 = mprog }
      if (n > warm && (fds != fds0 || tex != tex0 || fb != fb0 || prog != prog0)) {
          print "loop " n ": objects changed: fds " fds0 "->" fds ", textures " tex0 "->" tex ", framebuffers " fb0 "->" fb ", programs " prog0 "->" prog; bad = 1 }
      if (n > warm && (mtex != mtex0 || mfb != mfb0 || mprog != mprog0)) {
          print "loop " n ": objects made again: textures " mtex0 "->" mtex ", framebuffers " mfb0 "->" mfb ", programs " mprog0 "->" mprog; bad = 1 }
      if (n > warm && mcap - pcap > maxcap) { print "loop " n ": " mcap - pcap " caption line textures made in one loop (at most " maxcap ")"; bad = 1 }
      pcap = mcap; last = rss }
    END { growth = last - rss0
          printf "     %d sessions: RSS %d kB after warm-up, %d kB at the end (%+d kB); fds %d, textures %d, framebuffers %d, programs %d; made over the run: textures %d (+%d caption lines), framebuffers %d, programs %d\n", NR, rss0, last, growth, fds0, tex0, fb0, prog0, mtex, mcap, mfb, mprog
          if (growth >= limit) { print "RSS grew by " growth " kB"; bad = 1 }
          exit bad }' "$SCRATCH/census.txt" || fail "resources grew during the soak"
pass "$loops sessions ($hours simulated hours): memory, fds and GL objects (alive and made) flat"
