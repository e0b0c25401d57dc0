#!/bin/sh
# Run every test binary given; print each suite's time and a summary; fail
# if any failed.  Used by `make check`.
#
# CHECK_JOBS=N runs up to N suites at once (default: the number of
# processors; 1 runs them one after another, printing as they go).  Each
# suite starts servers of its own in a folder of its own, so suites do not
# share anything but the processors; a suite's output is printed whole when
# it ends.  The suites named in CHECK_ALONE run afterwards, one at a time,
# with nothing beside them (default: test_progress and test_reliability,
# which time what they see: a redraw period, a kill at a random moment).
set -u

# One suite: its output in $dir/NAME.out, its seconds in $dir/NAME.s, and
# $dir/NAME.failed if it failed.  Quiet = print the output only at the end.
run_one() { # path quiet
	name=$(basename "$1")
	start=$(date +%s)
	if [ "$2" = quiet ]; then
		"$1" >"$dir/$name.out" 2>&1 || : >"$dir/$name.failed"
		# One suite's output at a time.
		flock "$dir/print.lock" sh -c 'echo "== $1"; cat "$2"' sh "$name" "$dir/$name.out"
	else
		echo "== $name"
		"$1" || : >"$dir/$name.failed"
	fi
	echo $(($(date +%s) - start)) >"$dir/$name.s"
}

# xargs runs each suite through this script again: --one PATH.
if [ "${1:-}" = --one ]; then
	dir=$OM_CHECK_DIR
	run_one "$2" quiet
	exit 0
fi

jobs=${CHECK_JOBS:-$(nproc 2>/dev/null || echo 1)}
alone=${CHECK_ALONE-test_progress test_reliability}
dir=$(mktemp -d "${TMPDIR:-/tmp}/om-check-XXXXXX")
trap 'rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM

# The longest first (pgsql, mysql, online: a minute or two each), so that
# the short ones fill in beside them.
together=""
after=""
for t in "$@"; do
	case " $alone " in
	*" $(basename "$t") "*) after="$after $t" ;;
	*) case $(basename "$t") in
		test_pgsql | test_mysql | test_online) together="$t $together" ;;
		*) together="$together $t" ;;
		esac ;;
	esac
done
if [ "$jobs" -gt 1 ]; then
	for t in $together; do echo "$t"; done |
		OM_CHECK_DIR=$dir xargs -r -P "$jobs" -I{} sh "$0" --one {}
else
	for t in $together; do run_one "$t" loud; done
fi
for t in $after; do run_one "$t" loud; done

failed=""
times=""
for t in "$@"; do
	name=$(basename "$t")
	# (A suite that never ended, its time unwritten, failed too.)
	[ ! -e "$dir/$name.failed" ] && [ -e "$dir/$name.s" ] || failed="$failed $name"
	times="$times $name:$(cat "$dir/$name.s" 2>/dev/null || echo '?')s"
done
echo "suite times:$times"
if [ -n "$failed" ]; then
	echo "FAILED:$failed"
	exit 1
fi
echo "all test suites passed"
