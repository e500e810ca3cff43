#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# -j for every command: the change report (one JSON document per run),
# checked against the kernel's state read back independently; a batch's
# one document; show's listing, alone and inside a batch.

load helpers

# Every report must be valid under contrib/change-report.schema.json.
VALIDATE=$BATS_TEST_DIRNAME/validate-report

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

# The report's one result for device $2, from JSON $1.
result() {
	echo "$1" | jq -c --arg d "$2" '[.results[] | select(.device == $d)] | if length == 1 then .[0] else error("not one result for " + $d) end'
}

@test "add -j: created, with every field the kernel has" {
	ns ip link add br0 type bridge
	run --separate-stderr tt -j add tap0 mode tap user 1000 group 100 vnet_hdr mtu 9000 addr 192.0.2.1/24 master br0 up
	echo "$output" | "$VALIDATE"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	echo "$output" | jq -e '.changed == true and .dry_run == false and (.results | length) == 1'
	r=$(result "$output" tap0)
	echo "$r" | jq -e '.command == "add" and .action == "created" and .error == null'
	# Every new value, against what the kernel says.
	k=$(link_json tap0)
	[ "$(echo "$r" | jq -c '.changes | map_values(.old) | [.[]] | unique')" = '[null]' ]
	[ "$(echo "$r" | jq -r '.changes.mtu.new')" = "$(echo "$k" | jq '.[0].mtu')" ]
	[ "$(echo "$r" | jq -r '.changes.address.new')" = "$(echo "$k" | jq -r '.[0].address')" ]
	[ "$(echo "$r" | jq -r '.changes.master.new')" = br0 ]
	[ "$(echo "$r" | jq -r '.changes.user.new')" = "$(sysfs tap0 owner)" ]
	[ "$(echo "$r" | jq -r '.changes.group.new')" = "$(sysfs tap0 group)" ]
	[ "$(echo "$r" | jq -c '[.changes.vnet_hdr.new, .changes.up.new, .changes.persist.new, .changes.type.new]')" = '[true,true,true,"tap"]' ]
	[ "$(echo "$r" | jq -c '.changes.addresses.new')" = '["192.0.2.1/24"]' ]
}

@test "add --exist-ok -j: changed with old and new values, or unchanged" {
	tt add tap0 mode tap user 1000 mtu 1500 >/dev/null
	run --separate-stderr tt -j add --exist-ok tap0 mode tap user 1001 mtu 9000 addr 192.0.2.1/24
	echo "$output" | "$VALIDATE"
	[ "$status" -eq 0 ]
	r=$(result "$output" tap0)
	[ "$(echo "$r" | jq -c '.action, .changes')" = '"changed"
{"user":{"old":1000,"new":1001},"mtu":{"old":1500,"new":9000},"addresses":{"old":[],"new":["192.0.2.1/24"]}}' ]
	[ "$(sysfs tap0 owner)" = 1001 ]
	run tt -j add --exist-ok tap0 mode tap user 1001 mtu 9000 addr 192.0.2.1/24
	echo "$output" | "$VALIDATE"
	[ "$(echo "$output" | jq -c '[.changed, .results[0].action, .results[0].changes]')" = '[false,"unchanged",{}]' ]
}

@test "set, set-owner, persist and del -j: what each did" {
	tt add tap0 mode tap >/dev/null
	tt add tap1 mode tap >/dev/null
	tt add tap2 mode tap >/dev/null
	run tt -j set tap0 mtu 1400 up
	echo "$output" | "$VALIDATE"
	[ "$(result "$output" tap0 | jq -c '[.command, .action, .changes]')" = '["set","changed",{"mtu":{"old":1500,"new":1400},"up":{"old":false,"new":true}}]' ]
	run tt -j set-owner tap0 user 1000
	echo "$output" | "$VALIDATE"
	[ "$(result "$output" tap0 | jq -c '.changes')" = '{"user":{"old":null,"new":1000}}' ]
	run tt -j persist tap1 off
	echo "$output" | "$VALIDATE"
	[ "$(result "$output" tap1 | jq -r '.action')" = deleted ]
	assert_absent tap1
	run tt -j persist tap0 on
	echo "$output" | "$VALIDATE"
	[ "$(echo "$output" | jq -c '[.changed, .results[0].action]')" = '[false,"unchanged"]' ]
	hold tap2
	run --separate-stderr tt -j del tap0 tap2 nothere
	echo "$output" | "$VALIDATE"
	[ "$status" -eq 1 ]
	[ "$(result "$output" tap0 | jq -r .action)" = deleted ]
	[ "$(result "$output" tap2 | jq -r '.action + ": " + .error')" = "failed: tap2: not deleted: in use by tunhold (pid $HOLD_PID); use --force to delete it anyway" ]
	[ "$(result "$output" nothere | jq -r .error)" = "nothere: no such device" ]
	assert_absent tap0
	assert_exists tap2
	# The same errors on stderr, for people.
	assert_contains "$stderr" "tap2: not deleted: in use by tunhold"
}

@test "a batch with -j: one document, each result with its FILE and LINE" {
	printf 'add tap0 mode tap\nadd tap0 mode tap\nshow tap0\nset tap0 mtu 70000\nset tap0 mtu 1400\n' >"$BATS_TEST_TMPDIR/f"
	run --separate-stderr tt -k -j -b "$BATS_TEST_TMPDIR/f"
	echo "$output" | "$VALIDATE"
	[ "$status" -eq 1 ]
	echo "$output" | jq -e 'type == "object"'
	[ "$(echo "$output" | jq -c '[.results[] | [.line, .command, (.action // "listing")]]')" = '[[1,"add","created"],[2,"add","failed"],[3,"show","listing"],[4,"set","failed"],[5,"set","changed"]]' ]
	[ "$(echo "$output" | jq -r --arg f "$BATS_TEST_TMPDIR/f" '[.results[] | .file == $f] | all')" = true ]
	[ "$(echo "$output" | jq -r '.results[1].error')" = "tap0: cannot create the device: it already exists as a tap device (use --exist-ok to keep it and converge it, or delete it first)" ]
	[ "$(echo "$output" | jq -r '.results[2].devices[0].ifname')" = tap0 ]
	[ "$(echo "$output" | jq -r '.changed')" = true ]
}

@test "show -j alone is still the listing array; -N -j an array of names" {
	tt add tap0 mode tap >/dev/null
	run tt -j show
	echo "$output" | jq -e 'type == "array" and .[0].ifname == "tap0"'
	run tt -N -j show
	[ "$output" = '[{"ifname":"tap0"}]' ]
	run tt -N show
	[ "$output" = tap0 ]
}

@test "-j add whose report cannot be written removes the devices it made, as the text add does" {
	before=$(ns_state)
	run --separate-stderr ns sh -c '"$1" -j add "vm%d" mode tap >/dev/full' sh "$TUNTAPCTL"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: vm0: cannot write the change report: No space left on device; vm0 was removed" ]
	[ "$(ns_state)" = "$before" ]
	# A batch's report: every device it made goes, and only those.
	tt add keep0 mode tap >/dev/null
	before=$(ns_state)
	run --separate-stderr ns sh -c 'printf "add vm%%d mode tap\nadd fixed0 mode tun\nadd --exist-ok keep0 mode tap mtu 1400\n" | "$1" -j -b - >/dev/full' sh "$TUNTAPCTL"
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: vm0: cannot write the change report: No space left on device; vm0 was removed
tuntapctl: fixed0: cannot write the change report: No space left on device; fixed0 was removed" ]
	# keep0 was there before: converged, not removed.
	[ "$(link_json keep0 | jq '.[0].mtu')" = 1400 ]
	run ns ip link show vm0
	[ "$status" -ne 0 ]
	run ns ip link show fixed0
	[ "$status" -ne 0 ]
}

@test "-j: each value of a change says for itself whether it is escaped, and reads back to its exact bytes" {
	tt add tap0 mode tap >/dev/null
	ns ip link set tap0 alias "$(printf 'a\377')"
	run --separate-stderr tt -j set tap0 alias 'C:\x41'
	[ "$status" -eq 0 ]
	echo "$output" | "$VALIDATE"
	[ "$(result "$output" tap0 | jq -c '.changes.alias')" = '{"old":"a\\xff","new":"C:\\x41","old_escaped":true}' ]
	[ "$(ns cat /sys/class/net/tap0/ifalias)" = 'C:\x41' ]
}
