#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The fuzz harness's seed corpus and every input that once made it fail,
# replayed through the same checks as 'make fuzz' (see
# tests/fuzz/fuzz-args.c).  No root, no devices: the parsers are pure.

load helpers

FUZZ_REPLAY=${FUZZ_REPLAY:-$BATS_TEST_DIRNAME/fuzz/replay}
FUZZ_DIR=$BATS_TEST_DIRNAME/fuzz

@test "fuzz: the seed corpus and the regression inputs replay cleanly" {
	local n
	n=$(find "$FUZZ_DIR/corpus" "$FUZZ_DIR/regress" -type f ! -name '.*' | wc -l)
	[ "$n" -gt 50 ]
	run --separate-stderr "$FUZZ_REPLAY" "$FUZZ_DIR/corpus" "$FUZZ_DIR/regress"
	echo "$stderr"
	[ "$status" -eq 0 ]
	[ "$output" = "$n inputs replayed" ]
}
