#!/bin/sh
# `make reliability`: the reliability suite with many trials of each kind,
# its log (one line a trial, OM_RELIABILITY_LOG), then a summary per engine
# and kind: trials, failed, the states the database was seen in, rows lost.
# Usage: tests/reliability.sh TEST-BINARY (OM_RELIABILITY_LOG and
# OM_RELIABILITY_TRIALS set; OM_RELIABILITY_SEED replays a run).
set -u
bin=$1
log=${OM_RELIABILITY_LOG:?OM_RELIABILITY_LOG names the log}
out=${log%.log}.out
mkdir -p "$(dirname "$log")"
: > "$log"
{ "$bin"; echo $? > "$out.rc"; } 2>&1 | tee "$out"
rc=$(cat "$out.rc")
rm -f "$out.rc"
echo
echo "== reliability: $(grep -c . "$log") trials logged in $log (the suite's output: $out)"
awk '
{
	delete f
	for (i = 1; i <= NF; i++) {
		eq = index($i, "=")
		if (eq)
			f[substr($i, 1, eq - 1)] = substr($i, eq + 1)
	}
	e = f["engine"]
	k = e SUBSEP f["kind"]
	if (!(e in total))
		engines[++ne] = e
	if (!(k in n))
		kinds[e, ++nkinds[e]] = f["kind"]
	n[k]++
	total[e]++
	if (f["result"] != "ok") {
		bad[k]++
		totalbad[e]++
		failed = failed sprintf("\n  %s %s trial %s (seed %s)", e, f["kind"], f["trial"], f["seed"])
	}
	seen = "state=" f["state"]
	if ("new" in f)
		seen = seen " new=" f["new"]
	if ("exit" in f)
		seen = seen " exit=" f["exit"]
	if ("exits" in f)
		seen = seen " exits=" f["exits"]
	if (!((k, seen) in states))
		seenlist[k] = seenlist[k] "\n" seen
	states[k, seen]++
	if ("status_exits" in f) {
		m = split(f["status_exits"], codes, ",")
		for (j = 1; j <= m; j++) {
			split(codes[j], cx, "x")
			if (!((k, cx[1]) in status))
				statuslist[k] = statuslist[k] " " cx[1]
			status[k, cx[1]] += cx[2]
		}
	}
	if ("lost" in f) {
		lost[k] += f["lost"]
		acked[k] += f["acked_inserts"]
		totallost[e] += f["lost"]
		totalacked[e] += f["acked_inserts"]
		haslost[k] = hastotal[e] = 1
	}
	seeds[f["seed"]] = 1
}
END {
	for (i = 1; i <= ne; i++) {
		e = engines[i]
		printf "\n%-8s %-15s %7s %7s  %s\n", "engine", "kind", "trials", "failed", "rows lost / acknowledged"
		for (j = 1; j <= nkinds[e]; j++) {
			k = e SUBSEP kinds[e, j]
			printf "%-8s %-15s %7d %7d  %s\n", e, kinds[e, j], n[k], bad[k], haslost[k] ? lost[k] " / " acked[k] : "-"
			m = split(substr(seenlist[k], 2), s, "\n")
			for (x = 1; x <= m; x++)
				printf "%33s %4d x %s\n", "", states[k, s[x]], s[x]
			if (k in statuslist) {
				m = split(substr(statuslist[k], 2), c, " ")
				line = ""
				for (x = 1; x <= m; x++)
					line = line sprintf("%s%s x %d", x > 1 ? ", " : "", c[x], status[k, c[x]])
				printf "%33s status exits: %s\n", "", line
			}
		}
		printf "%-8s %-15s %7d %7d  %s\n", e, "all", total[e], totalbad[e],
		       hastotal[e] ? "rows lost: " totallost[e] " of " totalacked[e] " acknowledged" : "-"
	}
	for (sd in seeds)
		sl = sl " " sd
	printf "\nseed(s):%s (OM_RELIABILITY_SEED=... replays)\n", sl
	if (failed != "")
		printf "failed trials:%s\n", failed
}
' "$log"
grep -h "Checks:" "$out"
exit "$rc"
