# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by owner.bats, set-owner.bats and persist.bats: the namespace
# with the unprivileged helpers, and whether a user may attach.

load helpers

setup() {
	ns_setup
	ns_unpriv_bin
}

teardown() {
	ns_teardown
}

# can_attach UID GID DEV: does the kernel let that user attach?
can_attach() {
	as_user "$1" "$2" "$UHOLD" "$3" 2>/dev/null
}
