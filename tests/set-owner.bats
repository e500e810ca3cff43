#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# set-owner: who may attach, changed through an attached fd, read back
# from sysfs and by attaching as that user.

load owner

@test "set-owner changes who may attach" {
	tt add tap0 user 1000 >/dev/null
	run --separate-stderr tt set-owner tap0 user 1001
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ -z "$stderr" ]
	[ "$(sysfs tap0 owner)" = 1001 ]
	can_attach 1001 1001 tap0
	! can_attach 1000 1000 tap0 || false
	run tt set-owner tap0 group 3000
	[ "$status" -eq 0 ]
	[ "$(sysfs tap0 owner)" = 1001 ]
	[ "$(sysfs tap0 group)" = 3000 ]
	can_attach 1001 3000 tap0
	! can_attach 1001 1001 tap0 || false
	run tt set-owner tap0 user root group root
	[ "$status" -eq 0 ]
	[ "$(sysfs tap0 owner)" = 0 ]
	[ "$(sysfs tap0 group)" = 0 ]
}

@test "set-owner keeps every flag combination exactly as it was" {
	local i=0 mode flags before
	while read -r mode flags; do
		ns ip tuntap add d$i mode $mode $flags
		before=$(sysfs d$i tun_flags)
		run tt set-owner d$i user 1000 group 2000
		[ "$status" -eq 0 ]
		[ "$(sysfs d$i tun_flags)" = "$before" ]
		[ "$(sysfs d$i owner)" = 1000 ]
		[ "$(sysfs d$i group)" = 2000 ]
		i=$((i + 1))
	done < <(flag_combinations)
	# one_queue too, which ip cannot set.
	tt add q0 mode tap one_queue vnet_hdr >/dev/null
	before=$(sysfs q0 tun_flags)
	tt set-owner q0 user 7
	[ "$(sysfs q0 tun_flags)" = "$before" ]
}

@test "set-owner refuses to clear, and says what to do instead" {
	tt add tap0 user 1000 >/dev/null
	refuses 1 "tap0: cannot clear the user: the kernel cannot unset a device's owner or group once set; delete and re-add the device" \
		set-owner tap0 user none
	refuses 1 "cannot clear the group" set-owner tap0 group none
}

@test "set-owner needs user or group, a tun/tap device, and known names" {
	tt add tap0 >/dev/null
	ns ip link add br0 type bridge
	refuses 2 "set-owner: give 'user USER', 'group GROUP' or both" set-owner tap0
	refuses 2 "set-owner: no device named" set-owner user 1000
	refuses 1 "br0: not a TUN/TAP device (it is a bridge); not changed" set-owner br0 user 1000
	refuses 1 "tap9: no such device" set-owner tap9 user 1000
	refuses 1 "no such group 'nogroup_here'" set-owner tap0 group nogroup_here
}

@test "set-owner on a device a program holds names the program" {
	tt add tap0 user 1000 >/dev/null
	hold tap0
	refuses 1 "tap0: cannot change the owner: the device is in use by tunhold (pid $HOLD_PID); stop it first" \
		set-owner tap0 user 1001
	unhold "$HOLD_PID"
	run tt set-owner tap0 user 1001
	[ "$status" -eq 0 ]
}
