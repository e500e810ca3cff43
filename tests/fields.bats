#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The table of device fields (src/fields.c) against what is written
# about the fields elsewhere: the man page's change report and listing,
# the change report's schema, the completions' source of keywords.

load helpers

SRC=$BATS_TEST_DIRNAME/../src
PAGE=$BATS_TEST_DIRNAME/../man/tuntapctl.8
SCHEMA=$BATS_TEST_DIRNAME/../contrib/change-report.schema.json
COMPLETIONS=$BATS_TEST_DIRNAME/../completions

assert_eq() {
	[ "$1" = "$2" ] || {
		diff <(printf '%s\n' "$2") <(printf '%s\n' "$1") >&2
		false
	}
}

# Fail unless each word of $2 is a word of the text $1 (from $3).
each_in() {
	local w
	for w in $2; do
		grep -qw -- "$w" <<<"$1" || {
			echo "$3: $w is missing" >&2
			return 1
		}
	done
}

# "KEY HEADER FLAGS PLACE SHOWKEY" for each row of the table, in its
# order (HEADER - for none, FLAGS the FIELD_ names joined by commas,
# PLACE its place among show's columns, SHOWKEY its key in show -j).
table() {
	python3 - "$SRC/fields.c" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
body = text[text.index("fields_table[] = {"):]
body = body[:body.index("\n};")]
for row in re.findall(r'\{ ("[^"]*"[^}]*)\}', body):
    m = re.match(r'"([^"]*)",\s*(?:"([^"]*)"|NULL)', row)
    flags = re.findall(r'FIELD_(\w+)', row)
    e = re.search(r'(\d+),\s*(?:"([^"]*)"|NULL)\s*$', row)
    print(m.group(1), m.group(2) or "-", ",".join(flags), e.group(1),
          e.group(2) or m.group(1))
PY
}

# The bold words of the man page from the line that holds $1 to the
# next that holds $2.
page_words() {
	awk -v from="$1" -v to="$2" 'index($0, from) { on = 1 } on; on && index($0, to) { exit }' "$PAGE" |
		sed -n 's/^\.BR\? \([a-z_]*\).*/\1/p'
}

@test "the table parses: every row has a key, and the keys are unique" {
	run table
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -ge 10 ]
	run bash -c "$(declare -f table); SRC=$SRC table | cut -d' ' -f1 | sort | uniq -d"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "the man page's change report names the table's fields, in its order, then addresses" {
	local want got
	want=$(table | cut -d' ' -f1; echo addresses)
	got=$(page_words 'holds each field that differs' '.B addresses' |
		sed -n '/^type$/,$p')
	assert_eq "$got" "$want"
}

@test "the change report's schema has exactly the table's fields and addresses" {
	local want got
	want=$( (table | cut -d' ' -f1; echo addresses) | sort)
	got=$(python3 -c '
import json, sys
def walk(o):
    if isinstance(o, dict):
        if "changes" in o and isinstance(o["changes"], dict) and "properties" in o["changes"]:
            print("\n".join(sorted(o["changes"]["properties"]))); sys.exit(0)
        for v in o.values(): walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
walk(json.load(open(sys.argv[1])))
' "$SCHEMA")
	assert_eq "$got" "$want"
}

@test "show -j's keys in the man page hold every field show prints from the table" {
	each_in "$(page_words 'the output is a JSON array with one object per device' '.BR alias')" \
		"$(table | awk '$3 ~ /COLUMN/ { print $5 }')" "show -j's keys in the man page"
}

@test "show -d's columns in the man page hold every details-only column of the table" {
	each_in "$(grep -A1 '^the columns MAC' "$PAGE")" \
		"$(table | awk '$3 ~ /DETAILS/ && $2 != "-" { print $2 }')" \
		"show -d's columns in the man page"
}

@test "each field that is a keyword is in the man page and the help; the completions ask the program" {
	local f key cmd
	for f in _tuntapctl tuntapctl tuntapctl.fish; do
		grep -q -- '--list-keywords' "$COMPLETIONS/$f"
	done
	for key in $(table | cut -d' ' -f1); do
		for cmd in add set; do
			"$TUNTAPCTL" --list-keywords "$cmd" |
				awk -F'\t' -v k="$key" '$1 == k { f = 1 } END { exit !f }' ||
				continue
			grep -q "^\.BI\? $key\b" "$PAGE" || {
				echo "keyword $key is not in the man page" >&2
				false
			}
			grep -qw -- "$key" <<<"$("$TUNTAPCTL" "$cmd" --help)" || {
				echo "keyword $key is not in $cmd --help" >&2
				false
			}
		done
	done
}

@test "show -j prints every FIELD_COLUMN row by its place, show -d its column" {
	ns_setup
	local want got hdr h
	tt add tap7 mode tap >/dev/null
	want=$(table | awk '$3 ~ /COLUMN/ { print $4, $5 }' | sort -n | cut -d' ' -f2)
	got=$(tt -j -d show tap7 | jq -r '.[0] | keys_unsorted[]' | grep -xF -- "$want")
	assert_eq "$got" "$want"
	hdr=$(tt -d --layout table show tap7 | head -1)
	for h in $(table | awk '$3 ~ /COLUMN/ && $2 != "-" { print $2 }'); do
		grep -qw -- "$h" <<<"$hdr" || {
			echo "show -d has no column $h" >&2
			ns_teardown
			false
		}
	done
	ns_teardown
}
