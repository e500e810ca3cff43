#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# show --tree: bridges with their ports (taps held by QEMU as their
# owners, a veth uplink), which port gives a bridge its MAC, then the
# devices on no bridge; its JSON checked against ip -d -j link, bridge
# -j link, sysfs and the schema.

load helpers

VALIDATE=$BATS_TEST_DIRNAME/validate-report

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

# br0: tap0 (QEMU as uid 1000) and tap1 (QEMU as uid 1001), whose MACs
# are lower than its veth uplink's: its MAC is tap0's.  br1: its MAC
# set, tap2 (QEMU as uid 1000) and tap3, held by nobody.  br2: a veth
# only, not shown.  tun0 on no bridge, held by tunhold.
bridges() {
	ns ip link add br0 type bridge
	ns ip link add br1 type bridge
	ns ip link set br1 address 02:00:00:00:00:01
	ns ip link add br2 type bridge
	ns ip link add veth0 address 52:54:00:00:00:01 type veth peer name veth1
	ns ip link add veth2 type veth peer name veth3
	ns ip link set veth0 master br0
	ns ip link set veth2 master br2
	tt add tap0 user 1000 address 02:00:00:00:00:10 master br0 up >/dev/null
	tt add tap1 user 1001 address 02:00:00:00:00:20 master br0 up >/dev/null
	tt add tap2 user 1000 address 02:00:00:00:00:30 master br1 up >/dev/null
	tt add tap3 user 1001 address 02:00:00:00:00:40 master br1 >/dev/null
	tt add tun0 user 0 >/dev/null
	qemu_attach tap0 1000 1000
	Q0=$CLIENT_PID
	qemu_attach tap1 1001 1001
	Q1=$CLIENT_PID
	qemu_attach tap2 1000 1000
	Q2=$CLIENT_PID
	hold tun0
	H=$HOLD_PID
	U0=$(getent passwd 1000 | cut -d: -f1)
	U1=$(getent passwd 1001 | cut -d: -f1)
	U0=${U0:+$U0(1000)}
	U1=${U1:+$U1(1001)}
	U0=${U0:-1000}
	U1=${U1:-1001}
}

# Tab-separated lines on stdin, laid out as the program's tables are:
# each column as wide as its widest cell, two blanks between, the last
# not padded.
aligned() {
	awk -F '\t' '
		{ line[NR] = $0; n = NF
		  for (i = 1; i <= NF; i++) if (length($i) > w[i]) w[i] = length($i) }
		END {
			for (r = 1; r <= NR; r++) {
				split(line[r], f, "\t"); out = ""
				for (i = 1; i < n; i++) out = out sprintf("%-" w[i] + 2 "s", f[i])
				print out f[n]
			}
		}'
}

@test "--tree: bridges with their tun/tap and other ports, marked, then the devices on no bridge" {
	bridges
	run --separate-stderr tt show --tree
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	local br0 br1 v0
	br0=$(ns cat /sys/class/net/br0/address)
	br1=$(ns cat /sys/class/net/br1/address)
	v0=$(ns cat /sys/class/net/veth0/address)
	[ "$br0" = 02:00:00:00:00:10 ]
	[ "$br1" = 02:00:00:00:00:01 ]
	local want
	want=$(printf '%s\n' \
		$'DEVICE\tTYPE\tUSER\tSTATE\tCARRIER\tMAC\tPROCESSES\tNOTE' \
		"br0"$'\tbridge\t-\tdown\toff\t'"$br0"$'\t-\tMAC of tap0' \
		"|-- veth0"$'\tveth\t-\tdown\toff\t'"$v0"$'\t-\tnot tun/tap' \
		"|-- tap0"$'\ttap\t'"$U0"$'\tup\ton\t02:00:00:00:00:10\t'"qemu-system-x86($Q0)"$'\tthe bridge\'s MAC' \
		"\`-- tap1"$'\ttap\t'"$U1"$'\tup\ton\t02:00:00:00:00:20\t'"qemu-system-x86($Q1)"$'\t-' \
		"br1"$'\tbridge\t-\tdown\toff\t'"$br1"$'\t-\tMAC set' \
		"|-- tap2"$'\ttap\t'"$U0"$'\tup\ton\t02:00:00:00:00:30\t'"qemu-system-x86($Q2)"$'\t-' \
		"\`-- tap3"$'\ttap\t'"$U1"$'\tdown\toff\t02:00:00:00:00:40\t-\t-' \
		"tun0"$'\ttun\troot(0)\tdown\ton\t-\t'"tunhold($H)"$'\t-' | aligned)
	[ "$output" = "$want" ] || {
		diff <(echo "$want") <(echo "$output") >&2
		false
	}
	# Filters choose the tun/tap devices; a bridge's other ports stay.
	run tt show --tree user 1001
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | cut -d' ' -f1-2 | sed 's/ *$//')" = "DEVICE
br0
|-- veth0
\`-- tap1
br1
\`-- tap3" ]
	run tt show --tree tun0
	[ "$(echo "$output" | sed 1d | cut -d' ' -f1)" = tun0 ]
}

@test "--tree -j: the same nesting, as ip -d -j link, bridge -j link and sysfs have it, valid under its schema" {
	bridges
	run --separate-stderr tt -j show --tree
	[ "$status" -eq 0 ]
	local tree=$output
	echo "$tree" | "$VALIDATE" --schema=show-tree.schema.json
	[ "$(echo "$tree" | jq -c '[.[] | [.ifname, ([.ports[]?.ifname])]]')" = \
		'[["br0",["veth0","tap0","tap1"]],["br1",["tap2","tap3"]],["tun0",[]]]' ]
	# Each bridge and port as the kernel has it.
	local ipj brj
	ipj=$(ns ip -d -j link show)
	brj=$(ns bridge -j link show)
	for b in br0 br1; do
		ns cat /sys/class/net/$b/addr_assign_type
	done >"$BATS_TEST_TMPDIR/assign"
	echo "$tree" | jq -e --argjson ip "$ipj" --argjson br "$brj" \
		--argjson assign "$(jq -s . "$BATS_TEST_TMPDIR/assign")" '
		def link($n): $ip[] | select(.ifname == $n);
		def state(l): if (l.flags | index("UP")) == null then "down"
			elif (l.flags | index("NO-CARRIER")) then "no-carrier" else "up" end;
		def same(o): link(o.ifname) as $l |
			o.ifindex == $l.ifindex and o.address == $l.address and
			o.state == state($l) and
			# (ip shows the carrier, LOWER_UP, of a link that is up.)
			(($l.flags | index("UP")) == null or
			 o.carrier == (($l.flags | index("LOWER_UP")) != null)) and
			o.tun == ($l.linkinfo.info_kind == "tun") and
			(if o.tun then o.type == $l.linkinfo.info_data.type
			 else o.type == $l.linkinfo.info_kind end);
		[.[] | select(.ports)] as $bridges |
		($bridges | map(.ifname)) == ["br0", "br1"] and
		all($bridges[]; same(.) and .type == "bridge") and
		all($bridges[]; all(.ports[]; same(.))) and
		all($bridges[]; . as $b | all(.ports[];
			link(.ifname).master == $b.ifname)) and
		($bridges[0].address_set == ($assign[0] == 3)) and
		($bridges[1].address_set == ($assign[1] == 3)) and
		($bridges[0].address_set | not) and $bridges[1].address_set and
		([$bridges[0].ports[] | select(.mac_source) | .ifname] == ["tap0"]) and
		([$bridges[1].ports[] | select(.mac_source)] == []) and
		([$bridges[0].ports[] | select(.mac_source)][0].address == $bridges[0].address)
	' >/dev/null
	# The ports of each bridge are exactly bridge link's; br2, whose only
	# port is a veth, is not shown.
	for b in br0 br1; do
		[ "$(echo "$tree" | jq -c --arg b "$b" '[.[] | select(.ifname == $b) | .ports[].ifname] | sort')" = \
			"$(echo "$brj" | jq -c --arg b "$b" '[.[] | select(.master == $b) | .ifname] | sort')" ]
	done
	[ "$(echo "$brj" | jq -c '[.[] | select(.master == "br2") | .ifname]')" = '["veth2"]' ]
	# The taps' owners and holders.
	for d in tap0 tap1 tap2 tap3; do
		[ "$(echo "$tree" | jq --arg d "$d" '.[].ports[]? | select(.ifname == $d) | .user')" = \
			"$(ns cat /sys/class/net/$d/owner)" ]
	done
	[ "$(echo "$tree" | jq -c '[.[].ports[]? | select(.tun) | [.ifname, [.processes[].pid]]]')" = \
		"[[\"tap0\",[$Q0]],[\"tap1\",[$Q1]],[\"tap2\",[$Q2]],[\"tap3\",[]]]" ]
	[ "$(echo "$tree" | jq -c '.[] | select(.ifname == "tun0") | [.tun, .type, .user, [.processes[].comm]]')" = \
		'[true,"tun",0,["tunhold"]]' ]
	[ "$(echo "$tree" | jq -c '.[0].ports[] | select(.ifname == "veth0") | [.tun, .type, .mac_source, has("processes")]')" = \
		'[false,"veth",false,false]' ]
}

@test "--tree in another namespace (-n), and what it does not go with" {
	netns_add other
	ns ip -n other link add brx type bridge
	tt -n other add tapx master brx >/dev/null
	run --separate-stderr tt -n other show --tree
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | sed 1d | cut -d' ' -f1)" = "brx
\`--" ]
	run tt -n other -j show --tree
	[ "$(echo "$output" | jq -c '[.[] | [.ifname, [.ports[].ifname]]]')" = '[["brx",["tapx"]]]' ]
	refuses 2 "show: '--tree' and '--brief' conflict" --brief show --tree
	refuses 2 "show: '--tree' and '--details' conflict" show -d --tree
	refuses 2 "del: --tree is for show" --tree del tapx
}
