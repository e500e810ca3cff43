#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The suite's own runner (tests/run-bats) and namespace helper: a
# process a test leaves running is a failure, named, and a test cannot
# lose its namespace's holder.

load helpers

RUNNER=$BATS_TEST_DIRNAME/run-bats

# inner FILE: a bats file from stdin, its tests written "TEST" (bats
# would take an "@test" here for one of this file's own).
inner() {
	sed 's/^TEST /@test /' >"$1"
}

# runner ARG...: run-bats as make check runs it, without this bats's
# own exported variables, which would mislead the inner one.
runner() {
	local v
	# Nor its libexec directory at the head of PATH, where "bats" is
	# not the program but one of its parts.
	PATH=${PATH#"$BATS_LIBEXEC:"}
	for v in $(compgen -e); do
		case $v in BATS_* | BATS) unset "$v" ;; esac
	done
	"$RUNNER" "$@"
}

teardown() {
	local pid
	for pid in ${LEFT_PIDS:-}; do
		kill "$pid" 2>/dev/null || true
	done
	ns_teardown
}

@test "run-bats counts a process a test left running as one failure, and names it" {
	local dir=$BATS_TEST_TMPDIR
	# The left process writes its pid, so that this test can end it.
	inner "$dir/leaves.bats" <<-EOF
	TEST "leaves a process" {
		sh -c 'echo \$\$ >"$dir/pid"; exec sleep 1000' 3>&- &
		until [ -s "$dir/pid" ]; do sleep 0.05; done
	}
	TEST "ends its own" {
		sleep 1000 3>&- &
		kill \$!
	}
	EOF
	RUN_BATS_GRACE=1 run runner "$dir/leaves.bats"
	LEFT_PIDS=$(cat "$dir/pid")
	[ "$status" -ne 0 ]
	[ "${lines[-1]}" = "2 passed, 1 failed" ]
	[ "${lines[-3]}" = "# processes the suite left running (a test must end what it starts):" ]
	[[ "${lines[-2]}" =~ ^#\ +$LEFT_PIDS\ sleep\ 1000$ ]]
}

@test "run-bats passes a file whose tests end what they start" {
	local dir=$BATS_TEST_TMPDIR
	inner "$dir/clean.bats" <<-'EOF'
	TEST "ends its own" {
		sleep 1000 3>&- &
		kill $!
	}
	EOF
	run runner "$dir/clean.bats"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = "1 passed, 0 failed" ]
}

@test "ns_setup refuses a second namespace in one test, and the first is still ended" {
	ns_setup
	local first=$NS_PID
	run ns_setup
	[ "$status" -eq 1 ]
	[ "$output" = "ns_setup: this test has a namespace already (pid $first)" ]
	[ "$NS_PID" = "$first" ]
	ns_teardown
	run kill -0 "$first"
	[ "$status" -ne 0 ]
}
