/* vp-power-wait: waits for a press of the power button as a distro's power daemon does (acpid,
 * systemd-logind), then exits 0 so that its caller shuts the guest down.
 *  1. An input device with KEY_POWER (gpio_keys bound to the device tree's gpio-keys node):
 *     waits for EV_KEY KEY_POWER down on /dev/input/eventN.
 *  2. Else (Debian's cloud kernel has no gpio_keys): the GPIO character device, as gpio-keys
 *     would see the line: the device tree's gpio-keys/poweroff `gpios` (chip, line) found through
 *     /proc/device-tree, the chip by its label "9030000.pl061"-style name, the line requested as
 *     an input with rising-edge detection (GPIO_V2_GET_LINE_IOCTL), one edge event read.
 * Prints "power: waiting (input /dev/input/eventN "NAME")" (NAME from EVIOCGNAME) or
 * "power: waiting (gpio ...)" when it waits and "power: pressed" after the press.
 * `vp-power-wait --input` takes only the input device: without one it fails.
 * Static arm64 program: aarch64-linux-gnu-gcc -static. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/gpio.h>
#include <linux/input.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define BITS_PER_LONG (8 * sizeof(long))
static int test_bit(const unsigned long* bits, unsigned n) {
    return (bits[n / BITS_PER_LONG] >> (n % BITS_PER_LONG)) & 1;
}

static int wait_input(void) {
    DIR* d = opendir("/dev/input");
    if (!d) return -1;
    struct dirent* e;
    int fd = -1;
    char path[300];
    while ((e = readdir(d)) && fd < 0) {
        if (strncmp(e->d_name, "event", 5) != 0) continue;
        snprintf(path, sizeof path, "/dev/input/%s", e->d_name);
        int f = open(path, O_RDONLY);
        if (f < 0) continue;
        unsigned long keys[KEY_MAX / BITS_PER_LONG + 1] = {0};
        if (ioctl(f, EVIOCGBIT(EV_KEY, sizeof keys), keys) >= 0 && test_bit(keys, KEY_POWER))
            fd = f;
        else
            close(f);
    }
    closedir(d);
    if (fd < 0) return -1;
    char name[256] = "";
    if (ioctl(fd, EVIOCGNAME(sizeof name - 1), name) < 0) perror("power: EVIOCGNAME");
    printf("power: waiting (input %s \"%s\")\n", path, name);
    fflush(stdout);
    struct input_event ev;
    while (read(fd, &ev, sizeof ev) == (ssize_t)sizeof ev)
        if (ev.type == EV_KEY && ev.code == KEY_POWER && ev.value == 1) return 0;
    perror("power: read input event");
    exit(1);
}

static uint32_t be32(const unsigned char* p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The device tree's gpio-keys/poweroff gpios = <&chip line flags>: the chip node's unit name
 * (its label in the GPIO subsystem is "ADDRESS.NAME", e.g. 9030000.pl061) and the line. */
static int poweroff_gpio(char* chip_label, size_t size, unsigned* line) {
    unsigned char cells[12];
    FILE* f = fopen("/proc/device-tree/gpio-keys/poweroff/gpios", "rb");
    if (!f || fread(cells, 1, 12, f) != 12) {
        fprintf(stderr, "power: no gpio-keys/poweroff gpios in the device tree\n");
        return -1;
    }
    fclose(f);
    uint32_t phandle = be32(cells);
    *line = be32(cells + 4);
    DIR* d = opendir("/proc/device-tree");
    struct dirent* e;
    while (d && (e = readdir(d))) {
        char path[300];
        unsigned char ph[4];
        snprintf(path, sizeof path, "/proc/device-tree/%s/phandle", e->d_name);
        FILE* p = fopen(path, "rb");
        if (!p) continue;
        size_t n = fread(ph, 1, 4, p);
        fclose(p);
        const char* at = strchr(e->d_name, '@');
        if (n == 4 && be32(ph) == phandle && at) {
            /* "pl061@9030000" -> "9030000.pl061" */
            snprintf(chip_label, size, "%s.%.*s", at + 1, (int)(at - e->d_name), e->d_name);
            closedir(d);
            return 0;
        }
    }
    if (d) closedir(d);
    fprintf(stderr, "power: no node with phandle %u\n", phandle);
    return -1;
}

static int wait_gpio(void) {
    char want[128];
    unsigned line;
    if (poweroff_gpio(want, sizeof want, &line) != 0) return -1;
    for (int n = 0; n < 16; ++n) {
        char path[64];
        snprintf(path, sizeof path, "/dev/gpiochip%d", n);
        int chip = open(path, O_RDWR);
        if (chip < 0) continue;
        struct gpiochip_info info;
        memset(&info, 0, sizeof info);
        if (ioctl(chip, GPIO_GET_CHIPINFO_IOCTL, &info) < 0 || strcmp(info.label, want) != 0) {
            close(chip);
            continue;
        }
        struct gpio_v2_line_request req;
        memset(&req, 0, sizeof req);
        req.offsets[0] = line;
        req.num_lines = 1;
        req.config.flags = GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_EDGE_RISING;
        snprintf(req.consumer, sizeof req.consumer, "vp-power-wait");
        if (ioctl(chip, GPIO_V2_GET_LINE_IOCTL, &req) < 0) {
            perror("power: GPIO_V2_GET_LINE_IOCTL");
            exit(1);
        }
        printf("power: waiting (gpio %s %s line %u)\n", path, info.label, line);
        fflush(stdout);
        struct gpio_v2_line_event ev;
        while (read(req.fd, &ev, sizeof ev) == (ssize_t)sizeof ev)
            if (ev.id == GPIO_V2_LINE_EVENT_RISING_EDGE && ev.offset == line) return 0;
        perror("power: read line event");
        exit(1);
    }
    fprintf(stderr, "power: no GPIO chip labelled %s\n", want);
    return -1;
}

int main(int argc, char** argv) {
    int input_only = argc > 1 && strcmp(argv[1], "--input") == 0;
    if (wait_input() != 0) {
        if (input_only) {
            fprintf(stderr, "power: no input device with KEY_POWER in /dev/input\n");
            return 1;
        }
        if (wait_gpio() != 0) return 1;
    }
    printf("power: pressed\n");
    return 0;
}
