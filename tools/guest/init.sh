#!/bin/sh
# /init of vp's busybox initramfs (tools/guest/fetch-guest.sh puts it there).
# Mounts the kernel file systems, installs the busybox applet links, prints the banner
# "vp guest ready" and gives the console an interactive shell with job control.
# Running as PID 1: never exit (the kernel panics when init exits); `poweroff -f` ends the guest.
/bin/busybox mkdir -p /proc /sys /dev /tmp /bin /sbin /usr/bin /usr/sbin
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null || /bin/busybox echo "init: no devtmpfs"
/bin/busybox --install -s /bin
/bin/busybox --install -s /sbin 2>/dev/null
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/root TERM="${TERM:-vt100}"
export PS1='\w # '
cd /
if [ -f /etc/hostname ]; then hostname -F /etc/hostname; else hostname vp; fi
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts 2>/dev/null
echo "vp guest ready: $(uname -r) $(uname -m), $(grep -c ^processor /proc/cpuinfo) cpu(s)"
# A new session whose controlling tty is the console (cttyhack finds the real console device
# behind /dev/console), so that the shell has job control. Restart it if it exits.
while true; do
    setsid cttyhack sh -l
    echo "init: shell exited, restarting (use 'poweroff -f' to stop the guest)"
done
