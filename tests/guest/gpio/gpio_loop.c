// gpio-loop: a static arm64 Linux program run inside the guest by the `linux` GPIO tests, through
// the GPIO character device's v2 uAPI (linux/gpio.h). It finds the chip whose label is argv[1]
// (gpio-pl061 labels its chip with the device name, "<address>.pl061"), takes line OUT (argv[2])
// as an output and line IN (argv[3]) as an input with both edges detected, drives OUT high then
// low, reads both lines back after each, and waits (poll, 2 s) for the rising and the falling
// edge event on IN, which a wire in the topology drives from OUT. Prints one line:
//   gpio-loop: chip=LABEL lines=N out=1,0 in=1,0 events=rising,falling PASS
// (or FAIL with what went wrong); exit status 0 only on PASS.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int fail(const char* what) {
    printf("gpio-loop: FAIL %s (%s)\n", what, strerror(errno));
    return 1;
}

// The chip with this label: its fd, and its line count in *lines; -1 if none.
static int open_chip(const char* label, unsigned* lines) {
    DIR* dev = opendir("/dev");
    if (!dev) return -1;
    struct dirent* e;
    while ((e = readdir(dev))) {
        if (strncmp(e->d_name, "gpiochip", 8) != 0) continue;
        char path[300];
        snprintf(path, sizeof path, "/dev/%s", e->d_name);
        int fd = open(path, O_RDWR | O_CLOEXEC);
        if (fd < 0) continue;
        struct gpiochip_info info;
        memset(&info, 0, sizeof info);
        if (ioctl(fd, GPIO_GET_CHIPINFO_IOCTL, &info) == 0 && strcmp(info.label, label) == 0) {
            *lines = info.lines;
            closedir(dev);
            return fd;
        }
        close(fd);
    }
    closedir(dev);
    return -1;
}

static int request_line(int chip, unsigned line, uint64_t flags) {
    struct gpio_v2_line_request req;
    memset(&req, 0, sizeof req);
    req.offsets[0] = line;
    req.num_lines = 1;
    req.config.flags = flags;
    strcpy(req.consumer, "gpio-loop");
    if (flags & GPIO_V2_LINE_FLAG_OUTPUT) {  // starts low
        req.config.num_attrs = 1;
        req.config.attrs[0].attr.id = GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES;
        req.config.attrs[0].attr.values = 0;
        req.config.attrs[0].mask = 1;
    }
    return ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req) == 0 ? req.fd : -1;
}

static int get(int line_fd) {
    struct gpio_v2_line_values v = {.bits = 0, .mask = 1};
    if (ioctl(line_fd, GPIO_V2_LINE_GET_VALUES_IOCTL, &v) != 0) return -1;
    return (int)(v.bits & 1);
}

static int set(int line_fd, int level) {
    struct gpio_v2_line_values v = {.bits = (uint64_t)level, .mask = 1};
    return ioctl(line_fd, GPIO_V2_LINE_SET_VALUES_IOCTL, &v);
}

// The next edge event's name ("rising", "falling"), or "none" after 2 s.
static const char* next_event(int line_fd) {
    struct pollfd p = {.fd = line_fd, .events = POLLIN};
    if (poll(&p, 1, 2000) != 1) return "none";
    struct gpio_v2_line_event ev;
    if (read(line_fd, &ev, sizeof ev) != (ssize_t)sizeof ev) return "unreadable";
    return ev.id == GPIO_V2_LINE_EVENT_RISING_EDGE    ? "rising"
           : ev.id == GPIO_V2_LINE_EVENT_FALLING_EDGE ? "falling"
                                                      : "unknown";
}

int main(int argc, char** argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: gpio-loop CHIP-LABEL OUT-LINE IN-LINE\n");
        return 2;
    }
    unsigned lines = 0;
    int chip = open_chip(argv[1], &lines);
    if (chip < 0) return fail("no gpiochip with that label");
    int in = request_line(chip, (unsigned)atoi(argv[3]),
                          GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING | GPIO_V2_LINE_FLAG_EDGE_FALLING);
    if (in < 0) return fail("input line request");
    int out = request_line(chip, (unsigned)atoi(argv[2]), GPIO_V2_LINE_FLAG_OUTPUT);
    if (out < 0) return fail("output line request");
    if (get(out) != 0 || get(in) != 0) return fail("lines not low after the request");

    int out_hi, in_hi, out_lo, in_lo;
    const char *rise, *fall;
    if (set(out, 1) != 0) return fail("set high");
    rise = next_event(in);
    out_hi = get(out);
    in_hi = get(in);
    if (set(out, 0) != 0) return fail("set low");
    fall = next_event(in);
    out_lo = get(out);
    in_lo = get(in);
    const char* extra = next_event(in);  // one edge each way, no more

    const int ok = out_hi == 1 && in_hi == 1 && out_lo == 0 && in_lo == 0 && !strcmp(rise, "rising") &&
                   !strcmp(fall, "falling") && !strcmp(extra, "none");
    printf("gpio-loop: chip=%s lines=%u out=%d,%d in=%d,%d events=%s,%s%s%s %s\n", argv[1], lines, out_hi, out_lo,
           in_hi, in_lo, rise, fall, strcmp(extra, "none") ? ",extra:" : "", strcmp(extra, "none") ? extra : "",
           ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
