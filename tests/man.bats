#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The man page: clean for mandoc and groff, renders with man(1), has the
# sections a reader looks for, documents every command, keyword and
# option the program has, and its examples work as printed.

load helpers

PAGE=$BATS_TEST_DIRNAME/../man/tuntapctl.8
TUNCTL_PAGE=$BATS_TEST_DIRNAME/../man/tunctl.8

# Only the examples test makes a namespace; ending none is harmless.
teardown() {
	ns_teardown
}

need() {
	command -v "$1" >/dev/null || skip "$1 is not installed${2:+ ($2)}"
}

# The page as text, one line per paragraph: mandoc neither hyphenates
# nor breaks lines this wide.  (Callers check for mandoc first: a skip
# inside $(...) would not reach the test.)
page_text() {
	mandoc -Tascii -O width=400 "$PAGE" | sed 's/.\x08//g'
}

# The text of subsection $2 (a command name) of the rendered page $1.
command_section() {
	printf '%s\n' "$1" | awk -v cmd="$2" '
		/^[A-Z]/ { on = 0 }
		/^   [a-z]/ { on = ($1 == cmd) }
		on'
}

@test "mandoc -Tlint reports nothing, not even style" {
	need mandoc
	run mandoc -Tlint -W style "$PAGE"
	[ "$status" -eq 0 ]
	[ -z "$output" ] || {
		echo "$output" >&2
		false
	}
}

@test "groff -ww -man reports nothing" {
	need groff
	run groff -ww -man -z "$PAGE"
	[ "$status" -eq 0 ]
	[ -z "$output" ] || {
		echo "$output" >&2
		false
	}
}

@test "man -l renders it with every section" {
	need man "apt-get install man-db"
	local text s
	text=$(MANWIDTH=80 MANPAGER=cat PAGER=cat MAN_DISABLE_SECCOMP=1 \
		LC_ALL=C.UTF-8 man -l "$PAGE" 2>&1)
	for s in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS "CHANGE REPORT" \
		"DRY RUN" "BATCH FILES" \
		"TUNCTL COMPATIBILITY" IFUPDOWN "EXIT STATUS" ENVIRONMENT FILES NOTES \
		EXAMPLES "SEE ALSO"; do
		grep -qx "$s" <<<"$text" || {
			echo "no section $s; the sections are:" >&2
			grep '^[A-Z]' <<<"$text" >&2
			false
		}
	done
	assert_contains "$text" "tuntapctl - create, configure, list and delete TUN/TAP devices"
}

@test "every command has a section with all its keywords, aliases and options" {
	local text c w sec missing=''
	need mandoc
	text=$(page_text)
	for c in $("$TUNTAPCTL" --list-commands); do
		sec=$(command_section "$text" "$c")
		[ -n "$sec" ] || {
			missing+=" [no section for $c]"
			continue
		}
		for w in $("$TUNTAPCTL" --list-keywords "$c" | cut -f1) \
			$("$TUNTAPCTL" --list-options "$c" | cut -f1); do
			grep -qwF -e "$w" <<<"$sec" || missing+=" $w($c)"
		done
	done
	[ -z "$missing" ] || {
		echo "undocumented:$missing" >&2
		false
	}
}

@test "every global option is in OPTIONS, the tunctl options in TUNCTL COMPATIBILITY" {
	local text opts w missing=''
	need mandoc
	text=$(page_text)
	opts=$(printf '%s\n' "$text" | sed -n '/^OPTIONS$/,/^[A-Z][A-Z ]*$/p' | sed '$d')
	for w in $("$TUNTAPCTL" --help |
		sed -n 's/^  *\(-[A-Za-z]\), \(--[a-z-]*\).*/\1 \2/p; s/^  *\(--[a-z-]*\).*/\1/p'); do
		grep -qE "^ +$w(,| |$)|, $w( |$)" <<<"$opts" || missing+=" $w"
	done
	# ip's spellings, in the paragraph that lists them.
	for w in $("$TUNTAPCTL" --list-options global | cut -f3); do
		grep -qE -- "$w([ ,.)]|$)" <<<"$opts" || missing+=" ip:$w"
	done
	opts=$(printf '%s\n' "$text" | sed -n '/^TUNCTL COMPATIBILITY$/,/^IFUPDOWN$/p')
	for w in $("$TUNTAPCTL" --list-options tunctl | cut -f2); do
		grep -qE "^ +$w( |$)" <<<"$opts" || missing+=" tunctl:$w"
	done
	[ -z "$missing" ] || {
		echo "not documented:$missing" >&2
		false
	}
}

@test "EXIT STATUS, FILES, NOTES and SEE ALSO say what they must" {
	local text sec w
	need mandoc
	text=$(page_text)
	sec=$(printf '%s\n' "$text" | sed -n '/^EXIT STATUS$/,/^ENVIRONMENT$/p')
	for w in 0 1 2; do
		grep -qE "^ +$w +[A-Z]" <<<"$sec"
	done
	assert_contains "$sec" "Usage error"
	sec=$(printf '%s\n' "$text" | sed -n '/^FILES$/,/^NOTES$/p')
	for w in /dev/net/tun tun_flags owner group /run/netns /etc/tuntapctl.conf; do
		assert_contains "$sec" "$w"
	done
	sec=$(printf '%s\n' "$text" | sed -n '/^NOTES$/,/^EXAMPLES$/p')
	for w in CAP_NET_ADMIN "only a user is set" "only a group is set" \
		"both are set: both must match" "neither is set" \
		"cannot clear an owner" "outlives" "carrier on when a program attaches"; do
		assert_contains "$sec" "$w"
	done
	sec=$(printf '%s\n' "$text" | sed -n '/^SEE ALSO$/,$p')
	for w in "ip(8)" "ip-link(8)" "ip-address(8)" "tunctl(8)" "qemu(1)" \
		"systemd.service(5)"; do
		assert_contains "$sec" "$w"
	done
}

# The example blocks (.EX to .EE) of the EXAMPLES section, as a shell
# reads them, separated by NUL bytes.
example_blocks() {
	awk '
		/^\.SH / { ex = ($2 == "EXAMPLES") }
		ex && /^\.EX/ { inb = 1; b = ""; next }
		ex && /^\.EE/ { inb = 0; printf "%s%c", b, 0; next }
		inb { b = b $0 "\n" }' "$PAGE" |
		sed -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\.\\|\.\\|\./.../g'
}

@test "the examples work as printed" {
	need jq
	ns_setup
	# alice, bob and vpn exist only in the namespace's own /etc/passwd.
	cp /etc/passwd "$BATS_TEST_TMPDIR/passwd"
	printf '%s\n' 'alice:x:1001:1001::/nonexistent:/bin/sh' \
		'bob:x:1002:1002::/nonexistent:/bin/sh' \
		'vpn:x:1003:1003::/nonexistent:/bin/sh' >>"$BATS_TEST_TMPDIR/passwd"
	ns mount --bind "$BATS_TEST_TMPDIR/passwd" /etc/passwd
	# A private /run for "ip netns add", which the -n example uses.
	ns mount -t tmpfs tmpfs /run
	ns ip netns add vm1
	ns ip link add br0 type bridge
	ns ip link add br1 type bridge
	mkdir -p "$BATS_TEST_TMPDIR/bin"
	ln -s "$TUNTAPCTL" "$BATS_TEST_TMPDIR/bin/tuntapctl"
	printf 'add tap5 user alice master br0 up\nadd tap6 user bob master br0 up\n' \
		>"$BATS_TEST_TMPDIR/tuntapctl.conf"

	local block n=0 ran=0
	while IFS= read -r -d '' block; do
		n=$((n + 1))
		case $block in
		tuntapctl* | dev=* | for*) ;;
		*) continue ;;	# QEMU
		esac
		block=${block//\/etc\/tuntapctl.conf/$BATS_TEST_TMPDIR/tuntapctl.conf}
		run --separate-stderr ns env "PATH=$BATS_TEST_TMPDIR/bin:$PATH" sh -ec "$block"
		[ "$status" -eq 0 ] || {
			printf 'example %s failed (%s):\n%s\n%s\n%s\n' "$n" "$status" \
				"$block" "$output" "$stderr" >&2
			false
		}
		ran=$((ran + 1))
		case $block in
		dev=*) assert_contains "$output" "created tap" ;;
		*jq*)
			[ "$(echo $output)" = "tap0 tap1 tap2" ] || {
				printf 'example %s printed:\n%s\nand on stderr:\n%s\nwith the devices:\n' \
					"$n" "$output" "$stderr" >&2
				ns ip -d link show >&2
				false
			}
			;;
		*tap-web1*)
			# The boot file's quoting, read back from the kernel.
			[ "$(ns ip -j link show dev tap-web1 | jq -c '.[0] | [.ifalias, .master]')" = \
				'["the \"web\" VM'"'"'s port","br0"]' ] || {
				echo "example $n: tap-web1 is not as its lines say" >&2
				false
			}
			;;
		for*)
			# Again: the second run converges instead of failing.
			run ns env "PATH=$BATS_TEST_TMPDIR/bin:$PATH" sh -ec "$block"
			[ "$status" -eq 0 ] || {
				echo "second run of example $n failed: $output" >&2
				false
			}
			;;
		esac
	done < <(example_blocks)
	[ "$ran" -ge 8 ] || {
		echo "only $ran examples ran" >&2
		false
	}
	# What the examples did.
	run tt -j show
	[ "$(jq -r '.[] | select(.user_name=="bob") | .ifname' <<<"$output")" = "" ]
	[ "$(jq -r '.[] | select(.ifname=="tap1") | "\(.master) \(.mtu)"' <<<"$output")" = "br1 9000" ]
	[ "$(jq -r '.[] | select(.ifname=="tun0") | "\(.user_name) \(.mtu) \(.up)"' <<<"$output")" = "vpn 1400 true" ]
	[ "$(jq -r '.[] | select(.ifname=="tap-alice") | .master' <<<"$output")" = "br0" ]
}

@test "tunctl(8) is clean, names every tunctl option, and points to tuntapctl(8)" {
	local text w missing=''
	need mandoc
	run mandoc -Tlint -W style "$TUNCTL_PAGE"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	text=$(mandoc -Tascii -O width=400 "$TUNCTL_PAGE" | sed 's/.\x08//g')
	for w in $("$TUNTAPCTL" --list-options tunctl | cut -f2); do
		grep -qwF -e "$w" <<<"$text" || missing+=" $w"
	done
	[ -z "$missing" ] || {
		echo "not in tunctl(8):$missing" >&2
		false
	}
	assert_contains "$text" "TUNCTL COMPATIBILITY"
	assert_contains "$text" "tuntapctl(8)"
}
