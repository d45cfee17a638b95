# align_errors.awk: cue start errors of an aligned WebVTT file against true
# onsets.  awk -v lead=S -f align_errors.awk TRUTH OUT.vtt
#   TRUTH: one onset (s) per line, or a WebVTT file whose cue starts are the
#   onsets less `lead` seconds. Prints "n N median S p95 S max S worst K".
function secs(s,   a) { split(s, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
FNR == 1 { file++ }
file == 1 && /^[0-9.]+$/ { truth[++nt] = $1; next }
/-->/ { t = secs($1); if (file == 1) truth[++nt] = t + lead; else got[++ng] = t }
END {
    if (nt == 0 || nt != ng) { printf "cue count differs: %d true onsets, %d cues\n", nt, ng; exit 1 }
    for (i = 1; i <= nt; i++) { e[i] = got[i] - truth[i]; if (e[i] < 0) e[i] = -e[i] }
    for (i = 1; i <= nt; i++) { s[i] = e[i] }
    for (i = 2; i <= nt; i++) { v = s[i]; for (j = i - 1; j >= 1 && s[j] > v; j--) s[j + 1] = s[j]; s[j + 1] = v }
    worst = 1; for (i = 2; i <= nt; i++) if (e[i] > e[worst]) worst = i
    med = nt % 2 ? s[(nt + 1) / 2] : (s[nt / 2] + s[nt / 2 + 1]) / 2
    p95 = s[int(0.95 * (nt - 1) + 0.5) + 1]
    printf "n %d median %.3f p95 %.3f max %.3f worst %d\n", nt, med, p95, s[nt], worst
}
