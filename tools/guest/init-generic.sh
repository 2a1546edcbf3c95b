#!/bin/sh
# /init of the generic guest flavour (tools/guest/fetch-guest.sh --flavour generic): insmods the
# modules listed in /etc/vp-modules (paths under /lib/modules/VERSION, each after its depends=),
# then runs the common /init (init.sh, here /etc/vp-init.sh), which never returns.
v=$(/bin/busybox uname -r)
while read -r m; do
    /bin/busybox insmod "/lib/modules/$v/$m" || /bin/busybox echo "init: insmod $m failed"
done </etc/vp-modules
exec /bin/busybox sh /etc/vp-init.sh
