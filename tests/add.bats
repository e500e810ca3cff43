#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# add: creation through the tun ioctls, read back from the kernel.

load helpers

setup() {
	ns_setup
}

teardown() {
	ns_teardown
}

# info_data of a tun device as iproute2 reads it from the kernel.
info() {
	link_json "$1" | jq -r ".[0].linkinfo.info_data.$2"
}

@test "every mode and flag combination, read back from netlink and sysfs" {
	local i=0 mode flags want
	while read -r mode flags; do
		name=d$i
		i=$((i + 1))
		run tt add $name mode $mode $flags
		[ "$status" -eq 0 ]
		[ "$output" = "$name" ]
		[ "$(info $name type)" = "$mode" ]
		for f in pi vnet_hdr multi_queue; do
			case " $flags " in
			*" $f "*) [ "$(info $name $f)" = true ] ;;
			*) [ "$(info $name $f)" = false ] ;;
			esac
		done
		[ "$(info $name persist)" = true ]
		# tun_flags: IFF_TUN 1, IFF_TAP 2, IFF_NO_PI 0x1000,
		# IFF_VNET_HDR 0x4000, IFF_MULTI_QUEUE 0x100, IFF_PERSIST 0x800.
		want=$(( 0x800 | 0x1000 ))
		[ $mode = tun ] && want=$((want | 1)) || want=$((want | 2))
		case " $flags " in *" pi "*) want=$((want & ~0x1000)) ;; esac
		case " $flags " in *" vnet_hdr "*) want=$((want | 0x4000)) ;; esac
		case " $flags " in *" multi_queue "*) want=$((want | 0x100)) ;; esac
		[ "$(( $(sysfs $name tun_flags) ))" -eq "$want" ]
		[ "$(sysfs $name owner)" = -1 ]
		[ "$(sysfs $name group)" = -1 ]
	done < <(flag_combinations)
	[ "$i" -eq 16 ]
}

@test "one_queue is accepted and recorded in tun_flags" {
	run tt add tap0 one_queue
	[ "$status" -eq 0 ]
	[ $(( $(sysfs tap0 tun_flags) & 0x2000 )) -ne 0 ]
}

@test "one_queue: listed, in -j and the change report, converged by --exist-ok and its dry run" {
	ns ip tuntap add tap0 mode tap one_queue
	run tt show tap0
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | awk 'NR == 2 { print $3 }')" = one_queue,persist ]
	[ "$(tt -j show tap0 | jq .[0].one_queue)" = true ]
	run tt --dry-run --exist-ok add tap0 mode tap
	[ "$status" -eq 0 ]
	[ "$output" = "change tap0: one_queue on -> off" ]
	[ $(( $(sysfs tap0 tun_flags) & 0x2000 )) -ne 0 ]
	run tt -j --exist-ok add tap0 mode tap
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | jq -c '.results[0].changes')" = '{"one_queue":{"old":true,"new":false}}' ]
	[ $(( $(sysfs tap0 tun_flags) & 0x2000 )) -eq 0 ]
	run tt -j --exist-ok add tap0 mode tap one_queue
	[ "$(echo "$output" | jq -c '.results[0].changes')" = '{"one_queue":{"old":false,"new":true}}' ]
	[ $(( $(sysfs tap0 tun_flags) & 0x2000 )) -ne 0 ]
	run tt -j --exist-ok add tap0 mode tap one_queue
	[ "$(echo "$output" | jq -r '.results[0].action')" = unchanged ]
}

@test "owner and group: numeric ids, names, both, and ids that resolve to nothing" {
	run tt add tap0 user 1234
	[ "$status" -eq 0 ]
	[ "$(sysfs tap0 owner)" = 1234 ]
	[ "$(sysfs tap0 group)" = -1 ]
	[ "$(info tap0 user)" = 1234 ] || [ "$(info tap0 user)" != null ]

	run tt add tap1 group 4321
	[ "$status" -eq 0 ]
	[ "$(sysfs tap1 owner)" = -1 ]
	[ "$(sysfs tap1 group)" = 4321 ]

	run tt add tap2 user root group root
	[ "$status" -eq 0 ]
	[ "$(sysfs tap2 owner)" = 0 ]
	[ "$(sysfs tap2 group)" = 0 ]

	# Early boot: an id with no name yet is used as given.
	run tt add tap3 user 4000000000 group 3999999999
	[ "$status" -eq 0 ]
	[ "$(sysfs tap3 owner)" = 4000000000 ]
	[ "$(sysfs tap3 group)" = 3999999999 ]

	# A user name from the system's database.
	name=$(getent passwd 65534 | cut -d: -f1)
	run tt add tap4 user "$name"
	[ "$status" -eq 0 ]
	[ "$(sysfs tap4 owner)" = 65534 ]
}

@test "unknown user or group: exit 1, named in the error, nothing created" {
	refuses 1 "tuntapctl: tap0: no such user 'alise'" add tap0 user alise
	refuses 1 "no such group 'nosuchgroup'" add tap0 group nosuchgroup
}

@test "uid and gid out of range are usage errors" {
	for v in 4294967295 4294967296 99999999999999999999; do
		refuses 2 "user id '$v' is out of range" add tap0 user $v
		refuses 2 "group id '$v' is out of range" add tap0 group $v
	done
}

@test "mode comes from a tun or tap name, and is required otherwise" {
	run tt add tun7
	[ "$status" -eq 0 ]
	[ "$(info tun7 type)" = tun ]
	run tt add tapir
	[ "$status" -eq 0 ]
	[ "$(info tapir type)" = tap ]
	refuses 2 "'mode tun' or 'mode tap' is needed" add vm0
	# An explicit mode wins over the name.
	run tt add tapx mode tun
	[ "$status" -eq 0 ]
	[ "$(info tapx type)" = tun ]
}

@test "kernel-chosen names and patterns print the real name" {
	run --separate-stderr tt add mode tap
	[ "$status" -eq 0 ]
	[ "$output" = tap0 ]
	assert_exists tap0
	run tt add mode tap
	[ "$output" = tap1 ]
	run tt add mode tun
	[ "$output" = tun0 ]
	run tt add vm%d mode tap
	[ "$output" = vm0 ]
	dev=$(tt add vm%d mode tap user 1000)
	[ "$dev" = vm1 ]
	[ "$(sysfs vm1 owner)" = 1000 ]
}

@test "iproute2 spelling: dev NAME and name NAME" {
	run tt add dev tap5 mode tap
	[ "$status" -eq 0 ]
	[ "$(info tap5 type)" = tap ]
	run tt add name tun5 mode tun
	[ "$status" -eq 0 ]
	[ "$(info tun5 type)" = tun ]
}

@test "an existing name is an error that says what holds it; nothing changes" {
	tt add tap0 user 1000 >/dev/null
	tt add tun0 >/dev/null
	ns ip link add br0 type bridge
	before=$(ns_state)
	run --separate-stderr tt add tap0 user 2000
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "tap0: cannot create the device: it already exists as a tap device"
	run --separate-stderr tt add tun0 mode tap
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "already exists as a tun device"
	run --separate-stderr tt add br0 mode tap
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "the name is taken by a bridge"
	run --separate-stderr tt add lo mode tap
	[ "$status" -eq 1 ]
	assert_contains "$stderr" "the name is taken by the loopback device"
	[ "$(ns_state)" = "$before" ]
	[ "$(sysfs tap0 owner)" = 1000 ]
}

@test "invalid names are refused before any syscall" {
	before=$(ns_state)
	bad=("" "abcdefghijklmnop" "a/b" "a:b" "a b" $'a\tb' $'a\nb' $'a\x01b'
	     "." ".." "vm%d%d" "vm%s" "%")
	want=("is empty" "is 16 bytes long" "must not contain '/'"
	      "must not contain ':'" "must not contain whitespace"
	      "must not contain whitespace" "must not contain whitespace"
	      "must not contain control characters" "is not a valid device name"
	      "is not a valid device name" "one '%d'" "one '%d'" "one '%d'")
	local n
	for n in "${!bad[@]}"; do
		refuses 2 "${want[$n]}" add dev "${bad[$n]}" mode tap
	done
	# 15 bytes is the longest the kernel takes; never truncated.
	run tt add abcdefghijklmno mode tap
	[ "$status" -eq 0 ]
	[ "$output" = abcdefghijklmno ]
	ns ip link del abcdefghijklmno
	[ "$(ns_state)" = "$before" ]
}

@test "missing clone device: says to load the module; a non-tun node is refused" {
	refuses 1 "cannot open /nonexistent: no such file (-f names the clone device, /dev/net/tun by default)" \
		-f /nonexistent add tap0
	refuses 1 "/dev/null is not the TUN/TAP clone device" -f /dev/null add tap0
	refuses 1 "/dev/zero is not the TUN/TAP clone device" \
		--tun-device /dev/zero add tap0
}

@test "unprivileged add gets the CAP_NET_ADMIN message and creates nothing" {
	ns_unpriv_bin
	# The machine's node is 0600: opening it is refused.
	refused_unprivileged 65534 65534 add tap0 mode tap
	# A node anyone may open: the kernel refuses the creation itself.
	refused_unprivileged 65534 65534 add tap0 mode tap
	assert_contains "$stderr" "tap0: cannot create the device: permission denied (this needs CAP_NET_ADMIN: run as root)"
}

@test "the device is persistent: it outlives the command" {
	tt add tap0 >/dev/null
	[ "$(info tap0 persist)" = true ]
	[ $(( $(sysfs tap0 tun_flags) & 0x800 )) -ne 0 ]
}

@test "-f: the cause named is the real one (a file's mode, a missing file), and a dry run says it is one" {
	ns_unpriv_bin
	ns sh -c 'mknod -m 0600 /mnt/tun c 10 200'
	before=$(ns_state)
	# CAP_NET_ADMIN is there: the node's mode is what refuses.
	run --separate-stderr ns setpriv --reuid 65534 --regid 65534 --clear-groups \
		--inh-caps +net_admin --ambient-caps +net_admin -- "$UTT" -f /mnt/tun add e2 mode tap
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: e2: cannot open /mnt/tun: permission denied by its mode (0600, owner root, group root): run as root, or as a user the mode lets in" ]
	run --separate-stderr as_user 65534 65534 "$UTT" -f /mnt/tun --dry-run add e2 mode tap
	[ "$status" -eq 1 ]
	[ "$stderr" = "tuntapctl: e2: cannot open /mnt/tun: permission denied by its mode (0600, owner root, group root): run as root, or as a user the mode lets in; nothing was made (a dry run)" ]
	[ "$(ns_state)" = "$before" ]
}

@test "master: a missing bridge is named as missing, with nothing made" {
	refuses 1 "tuntapctl: tap0: cannot set master br7: there is no device br7 (make the bridge first: ip link add br7 type bridge); nothing was made" \
		add tap0 mode tap master br7
	refuses 1 "tap0: cannot set master br7: there is no device br7 (make the bridge first: ip link add br7 type bridge); nothing was made (a dry run)" \
		--dry-run add tap0 mode tap master br7
}
