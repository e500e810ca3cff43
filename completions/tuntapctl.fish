# fish completion for tuntapctl(8) and its tunctl front end.
#
# Installed into vendor_completions.d (and, as a link, as tunctl.fish).
# The grammar below mirrors the tables in src/args.c;
# tests/completion.bats fails when the two drift apart.  Device names
# come from the program itself ("tuntapctl show --names"), so only
# tun/tap devices are offered, from the namespace given with -n.

set -g __tuntapctl_commands add del show set set-owner persist help

# The keywords of a command.
function __tuntapctl_keywords -a cmd
    switch $cmd
        case add
            echo dev name mode user group pi vnet_hdr multi_queue one_queue \
                mtu address mac addr up down txqueuelen txqlen master
        case del show
            echo dev name mode user group master
        case set
            echo dev name mtu address mac addr deladdr up down txqueuelen \
                txqlen master nomaster carrier
        case set-owner
            echo dev name user group
        case persist
            echo dev name on off
    end
end

function __tuntapctl_describe -a kw
    switch $kw
        case dev
            echo 'device name'
        case name
            echo 'device name (same as dev)'
        case mode
            echo 'tun (layer 3) or tap (Ethernet)'
        case user
            echo 'owning user'
        case group
            echo 'owning group'
        case pi
            echo 'prefix packets with the packet information header'
        case vnet_hdr
            echo 'prefix packets with a virtio-net header'
        case multi_queue
            echo 'allow several queues per device'
        case one_queue
            echo 'legacy flag; the kernel ignores it'
        case mtu
            echo 'maximum transmission unit'
        case address
            echo 'Ethernet (MAC) address'
        case mac
            echo 'Ethernet (MAC) address (same as address)'
        case addr
            echo 'add an IPv4 or IPv6 address'
        case deladdr
            echo 'remove an address'
        case up
            echo 'bring the link up'
        case down
            echo 'take the link down'
        case txqueuelen
            echo 'transmit queue length'
        case txqlen
            echo 'transmit queue length (same as txqueuelen)'
        case master
            echo 'bridge to make the device a port of'
        case nomaster
            echo 'remove the device from its bridge'
        case carrier
            echo 'carrier of a held device'
        case on
            echo 'make the device persistent'
        case off
            echo 'remove persistence'
    end
end

# The options a command takes after its name, as completion lines.
function __tuntapctl_command_opts -a cmd
    switch $cmd
        case add
            printf '%s\t%s\n' --exist-ok 'converge an existing device of the same mode and flags'
        case del
            printf '%s\t%s\n' --force 'delete devices even while a program holds them open'
        case show
            printf '%s\t%s\n' --details 'show details' -d 'show details' \
                --json 'print JSON' -j 'print JSON' \
                --pretty 'indent JSON for people' -p 'indent JSON for people' \
                --names 'print device names only' -N 'print device names only'
    end
    printf '%s\t%s\n' --help 'show help for the command' -h 'show help for the command'
end

function __tuntapctl_takes_value -a kw
    contains -- $kw dev name mode user group mtu address mac addr deladdr \
        txqueuelen txqlen master carrier
end

# Keywords that cannot both be given share a slot.
function __tuntapctl_slot -a kw
    switch $kw
        case dev name
            echo dev
        case address mac
            echo address
        case txqueuelen txqlen
            echo txqueuelen
        case up down
            echo updown
        case master nomaster
            echo master
        case on off
            echo persist
        case '*'
            echo $kw
    end
end

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

# tun/tap devices in namespace $netns, less the names given after it.
function __tuntapctl_devices -a word netns
    set -l prog (__tuntapctl_prog $word); or return
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

# The tunctl front end: uml-utilities' options.  $argv: its words.
function __tuntapctl_tunctl -a word netns
    set -l prev $argv[-1]
    set -l cur (commandline -ct)
    switch $prev
        case -u
            __fish_complete_users
            return
        case -g
            __fish_complete_groups
            return
        case -f
            __fish_complete_path $cur
            return
        case -d
            __tuntapctl_devices $word "$netns"
            return
        case -t
            return
    end
    printf '%s\t%s\n' -b 'brief output: print only the device name' \
        -u 'owner (a name or uid)' -g 'group (a name or gid)' \
        -t 'device name' -p 'create a tap device (the default)' \
        -n 'create a tun device' -d 'turn persistence off' \
        -f 'clone device' -h 'show help'
end

function __tuntapctl_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l word $words[1]
    set -l netns
    set -l batch
    set -l want
    set -l n (count $words)

    if string match -q -- '*tunctl' $word; and not string match -q -- '*tuntapctl' $word
        __tuntapctl_tunctl $word '' $words
        return
    end

    # Global options: getopt stops at the first word that is not one.
    set -l i 2
    set -l gdone 0
    while test $i -le $n
        set -l w $words[$i]
        switch $w
            case --
                set gdone 1
                set i (math $i + 1)
                break
            case '--netns=*'
                set netns (string replace -- --netns= '' $w)
            case '--batch=*'
                set batch (string replace -- --batch= '' $w)
            case --netns --batch --tun-device
                if test $i -eq $n
                    set want $w
                    set i (math $i + 1)
                    break
                end
                set i (math $i + 1)
                test $w = --netns; and set netns $words[$i]
                test $w = --batch; and set batch $words[$i]
            case '--*'
            case '-?*'
                # A cluster such as -dj, -jn NETNS or -nNETNS.
                set -l rest (string sub -s 2 -- $w)
                while test -n "$rest"
                    set -l opt (string sub -l 1 -- $rest)
                    set rest (string sub -s 2 -- $rest)
                    contains -- $opt n b f; or continue
                    if test -z "$rest"
                        if test $i -eq $n
                            set want -$opt
                            break
                        end
                        set i (math $i + 1)
                        set rest $words[$i]
                    end
                    test $opt = n; and set netns $rest
                    test $opt = b; and set batch $rest
                    set rest ''
                end
                if test -n "$want"
                    set i (math $i + 1)
                    break
                end
            case '*'
                break
        end
        set i (math $i + 1)
    end

    # --netns=NAME style: fish hands us the whole word.
    switch $cur
        case '--netns=*'
            __tuntapctl_netns_names | string replace -r '^' -- --netns=
            return
        case '--batch=*' '--tun-device=*'
            set -l opt (string replace -r '=.*' '=' -- $cur)
            __fish_complete_path (string replace -r '^[^=]*=' '' -- $cur) | string replace -r '^' -- $opt
            return
    end
    switch $want
        case -n --netns
            # A name under /run/netns, or the path of a namespace file.
            if string match -q -- '*/*' $cur
                __fish_complete_path $cur
            else
                __tuntapctl_netns_names
            end
            return
        case -b --batch
            __fish_complete_path $cur
            printf '%s\t%s\n' - 'standard input'
            return
        case -f --tun-device
            __fish_complete_path $cur
            return
    end

    if test $i -gt $n
        # An option or the command.
        if string match -q -- '-*' $cur; and test $gdone -eq 0
            printf '%s\t%s\n' \
                -d 'show details' --details 'show details: addresses, bridge, queues, processes' \
                -j 'print JSON' --json 'print JSON' \
                -p 'indent JSON for people' --pretty 'indent JSON for people' \
                --exist-ok 'add: converge an existing device of the same mode and flags' \
                -n 'act in a network namespace' --netns 'act in a network namespace' \
                -b 'read commands from FILE' --batch 'read commands from FILE, one per line' \
                -k 'with --batch: go on after a failed line' --keep-going 'with --batch: go on after a failed line' \
                -f 'clone device to open' --tun-device 'clone device to open' \
                -h 'show help' --help 'show help and exit' \
                -V 'show the version' --version 'show the version and exit'
        else if test -z "$batch"
            printf '%s\t%s\n' \
                add 'create a persistent tun or tap device and configure it' \
                del 'delete tun/tap devices by name or by filter' \
                show 'list tun/tap devices' \
                set "change an existing device's link settings and addresses" \
                set-owner 'change the user and/or group allowed to attach' \
                persist 'make a device persistent, or not' \
                help 'show help for a command'
        end
        return
    end
    # With --batch the commands come from the file.
    test -n "$batch"; and return

    # The command: its name, or a unique prefix, as the program accepts.
    set -l cmd $words[$i]
    if not contains -- $cmd $__tuntapctl_commands tunctl
        set -l match (string match -- "$cmd*" $__tuntapctl_commands)
        test (count $match) -eq 1; or return
        set cmd $match
    end
    switch $cmd
        case tunctl
            __tuntapctl_tunctl $word "$netns" $words
            return
        case help
            if test $i -eq $n
                if string match -q -- '-*' $cur
                    printf '%s\t%s\n' --help 'show help' -h 'show help'
                else
                    printf '%s\n' $__tuntapctl_commands
                end
            end
            return
    end

    # The command's words so far: keywords, their values, names, options.
    set -l kws (string split ' ' (__tuntapctl_keywords $cmd))
    set -l seen
    set -l names
    set -l optsdone 0
    set i (math $i + 1)
    while test $i -le $n
        set -l w $words[$i]
        if test $optsdone -eq 0; and string match -q -- '-?*' $w
            test $w = --; and set optsdone 1
            set i (math $i + 1)
            continue
        end
        if contains -- $w $kws
            set -a seen (__tuntapctl_slot $w)
            if __tuntapctl_takes_value $w
                if test $i -eq $n
                    # Completing this keyword's value.
                    switch $w
                        case dev name
                            test $cmd = add; or __tuntapctl_devices $word "$netns" $names
                        case mode
                            printf '%s\t%s\n' tun 'layer 3 device' tap 'Ethernet device'
                        case carrier
                            printf '%s\n' on off
                        case user
                            __fish_complete_users
                        case group
                            __fish_complete_groups
                        case master
                            __tuntapctl_bridges "$netns"
                    end
                    # mtu, address, addr, deladdr, txqueuelen: free text.
                    return
                end
                set i (math $i + 1)
                if not contains -- $w dev name
                    set i (math $i + 1)
                    continue
                end
            else
                set i (math $i + 1)
                continue
            end
        end
        set -a names $words[$i]
        set i (math $i + 1)
    end

    if test $optsdone -eq 0; and string match -q -- '-*' $cur
        __tuntapctl_command_opts $cmd
        return
    end

    # Keywords not given yet.  addr and deladdr may be repeated, and so
    # may device names for del and show; other commands take one name.
    set -l many 0
    contains -- $cmd del show; and set many 1
    for k in $kws
        switch $k
            case addr deladdr
            case dev name
                test $many -eq 1; or test (count $names) -eq 0; or continue
            case '*'
                contains -- (__tuntapctl_slot $k) $seen; and continue
        end
        printf '%s\t%s\n' $k (__tuntapctl_describe $k)
    end

    # Device names where a bare name may stand.  add creates its device,
    # so existing names are no use there.
    switch $cmd
        case del show
            __tuntapctl_devices $word "$netns" $names
        case set set-owner persist
            test (count $names) -eq 0; and __tuntapctl_devices $word "$netns"
    end
end

complete -c tuntapctl -f -a '(__tuntapctl_complete)'
complete -c tunctl -f -a '(__tuntapctl_complete)'
