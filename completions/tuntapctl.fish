# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for tuntapctl(8) and its tunctl front end.
#
# Installed into vendor_completions.d (and, with --enable-tunctl-link, as
# a tunctl.fish link).
# No part of the grammar is listed here: commands, keywords and options come
# from the program's listings (--list-commands, --list-keywords CMD,
# --list-options CMD|global|tunctl), device names from "tuntapctl show
# --names" in the namespace given with -n on the line, so only tun/tap
# devices are offered.

# The program to ask: the one on the line when it is tuntapctl, else
# tuntapctl from PATH or the usual sbin directories.
function __tuntapctl_prog -a word
    set -l p
    switch (string replace -r '.*/' '' -- $word)
        case tuntapctl
            set p $word
        case tunctl
            set p (string replace -r 'tunctl$' tuntapctl -- $word)
    end
    if string match -q '*/*' -- $p; and test -x "$p"
        echo $p
        return
    end
    if set -l q (command -s tuntapctl)
        echo $q[1]
        return
    end
    for d in /usr/local/sbin /usr/sbin /sbin
        if test -x $d/tuntapctl
            echo $d/tuntapctl
            return
        end
    end
    return 1
end

# The indices of the words in $argv[2..] that begin with $argv[1]; fails
# when there are none.
function __tuntapctl_starting -a prefix
    set -l n (string length -- $prefix)
    set -l found 1
    for j in (seq 2 (count $argv))
        set -l head (string sub -l $n -- $argv[$j])
        if test "$head" = "$prefix"
            math $j - 1
            set found 0
        end
    end
    return $found
end

# The index of the long option $name among $argv[2..], or of the one it
# begins uniquely, as getopt_long allows.
function __tuntapctl_long -a name
    contains -i -- $name $argv[2..-1]; and return
    set -l m (__tuntapctl_starting $name $argv[2..-1])
    test (count $m) -eq 1; or return
    echo $m
end

# Read the option word $word as the program does, against the option
# listing lines $argv[2..]: --long[=VALUE], ip's spelling (a dash and at
# least two letters of it), or a cluster of short options ended by one
# that takes a value.  Prints the index of each option it gives, then
# "=VALUE" when the last one's value is in the word, or "+" when it is
# the next word.
function __tuntapctl_option_word -a word
    set -l lines $argv[2..-1]
    set -l ol (string split -f1 \t -- $lines)
    set -l os (string split -f2 \t -- $lines)
    set -l oi (string split -f3 \t -- $lines)
    set -l ov (string split -f4 \t -- $lines)
    set -l j
    if string match -q -- '--*' $word
        set -l parts (string split -m1 = -- $word)
        set j (__tuntapctl_long $parts[1] $ol); or return
        echo $j
        if set -q parts[2]
            echo =$parts[2]
            return
        end
    else if test (string length -- $word) -gt 2
        and set j (__tuntapctl_starting $word $oi)
        set j $j[1]
        echo $j
    else
        # Such as -dj, -jn NETNS or -nNETNS.
        set -l rest (string sub -s 2 -- $word)
        while test -n "$rest"
            set j (contains -i -- -(string sub -l 1 -- $rest) $os); or return
            set rest (string sub -s 2 -- $rest)
            echo $j
            if test -n "$ov[$j]" -a -n "$rest"
                and not string match -q -- '=*' $ov[$j]
                echo =$rest
                return
            end
        end
    end
    # "=CHOICES": a value only after '=', none in the next word.
    test -n "$ov[$j]"; and not string match -q -- '=*' $ov[$j]; and echo +
end

# The options of the listing lines after "--" in $argv[2..] whose
# indices are not among those before it; ip's spellings only once $cur
# looks like one (a dash and two letters).
function __tuntapctl_offer_options -a cur
    set -l args $argv[2..-1]
    set -l sep (contains -i -- -- $args)
    set -l given
    test $sep -gt 1; and set given $args[1..(math $sep - 1)]
    set -l ip 0
    string match -qr -- '^-[[:alpha:]]{2}' "$cur"; and set ip 1
    set -l j 0
    for line in $args[(math $sep + 1)..-1]
        set j (math $j + 1)
        contains -- $j $given; and continue
        set -l f (string split \t -- $line)
        test $ip -eq 1; or set f[3] ''
        for o in $f[1..3]
            test -n "$o"; and printf '%s\t%s\n' $o $f[5]
        end
    end
end

# The commands, described by the summaries in --help where it has them.
function __tuntapctl_commands -a prog
    set -l help ($prog --help 2>/dev/null)
    for c in ($prog --list-commands 2>/dev/null)
        set -l d (string match -r -- '^  '(string escape --style=regex -- $c)' +(.*)' $help)
        printf '%s\t%s\n' $c "$d[2]"
    end
end

# tun/tap devices in namespace $netns, less the names in $argv[3..].
function __tuntapctl_devices -a prog netns
    set -l nsopt
    test -n "$netns"; and set nsopt -n $netns
    for d in ($prog $nsopt show --names 2>/dev/null)
        contains -- $d $argv[3..-1]; or printf '%s\t%s\n' $d 'tun/tap device'
    end
end

function __tuntapctl_bridges -a netns
    if string match -q '*/*' -- $netns
        nsenter --net=$netns ip -br link show type bridge 2>/dev/null | string replace -r ' .*' ''
    else if test -n "$netns"
        ip -n $netns -br link show type bridge 2>/dev/null | string replace -r ' .*' ''
    else
        for b in /sys/class/net/*/bridge
            string split -f 5 / -- $b
        end
    end | while read -l b
        printf '%s\t%s\n' $b bridge
    end
end

function __tuntapctl_netns_names
    for n in /run/netns/*
        printf '%s\t%s\n' (basename $n) 'network namespace'
    end
end

# Complete $cur as a value of metavariable $value; device names less
# those in $argv[5..].  A choice list offers its lower-case words
# (tun|tap, MAC|random); other upper-case placeholders (N, CIDR) are
# free text.
function __tuntapctl_value -a value cur prog netns
    set value (string replace -r -- '^=' '' $value)
    switch $value
        case NAME
            __tuntapctl_devices $prog "$netns" $argv[5..-1]
        case USER OWNER
            __fish_complete_users
        case GROUP
            __fish_complete_groups
        case BRIDGE
            __tuntapctl_bridges "$netns"
        case NETNS
            # A name under /run/netns, or the path of a namespace file.
            if string match -q -- '*/*' "$cur"
                __fish_complete_path "$cur"
            else
                __tuntapctl_netns_names
            end
        case FILE PATH
            __fish_complete_path "$cur"
        case COMMAND
            __tuntapctl_commands $prog
        case '*|*'
            string split '|' -- $value | string match -r -- '^[a-z][a-z0-9_-]*$'
    end
end

# The value of option $long (whose metavariable is $value).
function __tuntapctl_option_value -a value long cur prog netns
    __tuntapctl_value $value "$cur" $prog "$netns"
    test "$long" = --batch; and printf '%s\t%s\n' - 'standard input'
end

# When $cur is --long=VALUE for an option of the listing lines
# $argv[4..] that takes a value: VALUE's completions, after "--long=".
function __tuntapctl_option_equals -a cur prog netns
    string match -q -- '--*=*' "$cur"; or return
    set -l lines $argv[4..-1]
    set -l ol (string split -f1 \t -- $lines)
    set -l ov (string split -f4 \t -- $lines)
    set -l parts (string split -m1 = -- $cur)
    set -l o (__tuntapctl_long $parts[1] $ol); or return
    test -n "$ov[$o]"; or return
    __tuntapctl_option_value $ov[$o] "$ol[$o]" "$parts[2]" $prog "$netns" |
        string replace -r '^' -- "$parts[1]="
    return 0
end

# The tunctl front end, uml-utilities' options; its words are $argv[4..].
function __tuntapctl_tunctl -a prog netns cur
    set -l words $argv[4..-1]
    set -l lines ($prog --list-options tunctl 2>/dev/null)
    set -l ol (string split -f1 \t -- $lines)
    set -l os (string split -f2 \t -- $lines)
    set -l ov (string split -f4 \t -- $lines)
    set -l given
    set -l n (count $words)
    set -l i 1
    while test $i -le $n
        set -l w $words[$i]
        test "$w" = --; and return
        if string match -q -- '-?*' $w
            set -l r (__tuntapctl_option_word $w $lines)
            set -a given (string match -rv -- '^[=+]' $r)
            if test "$r[-1]" = +
                if test $i -eq $n
                    # -t names the device tunctl creates: a new name.
                    test "$os[$r[-2]]" = -t; and return
                    __tuntapctl_option_value $ov[$r[-2]] "$ol[$r[-2]]" "$cur" $prog "$netns"
                    return
                end
                set i (math $i + 1)
            end
        end
        set i (math $i + 1)
    end
    __tuntapctl_option_equals "$cur" $prog "$netns" $lines; and return
    __tuntapctl_offer_options "$cur" $given -- $lines
end

function __tuntapctl_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l n (count $words)
    set -l prog (__tuntapctl_prog $words[1]); or return

    if test (string replace -r '.*/' '' -- $words[1]) = tunctl
        __tuntapctl_tunctl $prog '' "$cur" $words[2..-1]
        return
    end

    # Global options: the program stops at the first word that is not one.
    set -l lines ($prog --list-options global 2>/dev/null)
    set -l ol (string split -f1 \t -- $lines)
    set -l ov (string split -f4 \t -- $lines)
    set -l netns
    set -l batch 0
    set -l gdone 0
    set -l given
    set -l i 2
    while test $i -le $n
        set -l w $words[$i]
        if test "$w" = --
            set gdone 1
            set i (math $i + 1)
            break
        end
        string match -q -- '-?*' $w; or break
        set -l r (__tuntapctl_option_word $w $lines)
        set -l o (string match -rv -- '^[=+]' $r)
        set -a given $o
        set -l v
        switch "$r[-1]"
            case +
                if test $i -eq $n
                    __tuntapctl_option_value $ov[$o[-1]] "$ol[$o[-1]]" "$cur" $prog "$netns"
                    return
                end
                set i (math $i + 1)
                set v $words[$i]
            case '=*'
                set v (string sub -s 2 -- $r[-1])
        end
        if set -q o[1]
            test "$ov[$o[-1]]" = NETNS; and set netns $v
            test "$ol[$o[-1]]" = --batch; and set batch 1
        end
        set i (math $i + 1)
    end

    if test $i -gt $n
        # An option, its value after "=", or the command.
        if test $gdone -eq 0
            __tuntapctl_option_equals "$cur" $prog "$netns" $lines; and return
            if string match -q -- '-*' "$cur"
                __tuntapctl_offer_options "$cur" $given -- $lines
                return
            end
        end
        test $batch -eq 1; or __tuntapctl_commands $prog
        return
    end
    # With --batch the commands come from the file.
    test $batch -eq 1; and return

    # The command: its name or a unique prefix of one, else whatever else
    # the program takes for one (its aliases, such as list).
    set -l cmd $words[$i]
    if test "$cmd" = tunctl
        __tuntapctl_tunctl $prog "$netns" "$cur" $words[(math $i + 1)..-1]
        return
    end
    set -l commands ($prog --list-commands 2>/dev/null)
    if not contains -- $cmd $commands
        set -l m (__tuntapctl_starting $cmd $commands)
        if test (count $m) -eq 1
            set cmd $commands[$m]
        else if not $prog --list-keywords $cmd >/dev/null 2>&1
            return
        end
    end

    set lines ($prog --list-options $cmd 2>/dev/null)
    set ol (string split -f1 \t -- $lines)
    set ov (string split -f4 \t -- $lines)
    set given
    if test $cmd = help
        if test $i -eq $n
            if string match -q -- '-*' "$cur"
                __tuntapctl_offer_options "$cur" -- $lines
            else
                __tuntapctl_commands $prog
            end
        end
        return
    end

    # The command's words so far: options, keywords and their values,
    # device names.  seen: the slots filled.
    set -l klines ($prog --list-keywords $cmd 2>/dev/null)
    set -l kn (string split -f1 \t -- $klines)
    set -l kv (string split -f2 \t -- $klines)
    set -l ks (string split -f3 \t -- $klines)
    set -l kr (string split -f4 \t -- $klines)
    set -l kh (string split -f5 \t -- $klines)
    # The slot of the keyword naming the device, which a bare word fills.
    set -l nameslot
    set -l namerepeat 0
    if set -l k (contains -i -- NAME $kv)
        set nameslot $ks[$k]
        set namerepeat $kr[$k]
    end
    set -l seen
    set -l names
    set -l optsdone 0
    set i (math $i + 1)
    while test $i -le $n
        set -l w $words[$i]
        if test $optsdone -eq 0; and string match -q -- '-?*' $w
            if test "$w" = --
                set optsdone 1
            else
                set -l r (__tuntapctl_option_word $w $lines)
                set -a given (string match -rv -- '^[=+]' $r)
                if test "$r[-1]" = +
                    if test $i -eq $n
                        __tuntapctl_option_value $ov[$r[-2]] "$ol[$r[-2]]" "$cur" $prog "$netns"
                        return
                    end
                    set i (math $i + 1)
                end
            end
        else if set -l k (contains -i -- $w $kn)
            set -a seen $ks[$k]
            if test -n "$kv[$k]"
                if test $i -eq $n
                    # add creates its device: the name is a new one.
                    test "$kv[$k]" = NAME -a $cmd = add; and return
                    __tuntapctl_value $kv[$k] "$cur" $prog "$netns" $names
                    return
                end
                set i (math $i + 1)
                test "$kv[$k]" = NAME; and set -a names $words[$i]
            end
        else
            set -a seen $nameslot
            set -a names $w
        end
        set i (math $i + 1)
    end

    if test $optsdone -eq 0
        __tuntapctl_option_equals "$cur" $prog "$netns" $lines; and return
        if string match -q -- '-*' "$cur"
            __tuntapctl_offer_options "$cur" $given -- $lines
            return
        end
    end

    # Keywords whose slot is free, or that may be repeated.  peer
    # belongs to the address just before it, and stands nowhere else.
    set -l after ''
    test (count $words) -ge 2; and set after $words[-2]
    for j in (seq (count $kn))
        if test "$kn[$j]" = peer; and not contains -- "$after" addr deladdr
            continue
        end
        if test "$kr[$j]" = 1; or not contains -- $ks[$j] $seen
            printf '%s\t%s\n' $kn[$j] $kh[$j]
        end
    end

    # Device names where a bare name may stand.  add creates its device,
    # so existing names are no use there.
    test -n "$nameslot" -a $cmd != add; or return
    if test "$namerepeat" = 1; or not contains -- $nameslot $seen
        __tuntapctl_devices $prog "$netns" $names
    end
end

complete -c tuntapctl -f -a '(__tuntapctl_complete)'
complete -c tunctl -f -a '(__tuntapctl_complete)'
