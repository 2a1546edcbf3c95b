// vp-selftest: a static arm64 Linux program run inside the guest by the `linux` tests. Every
// check compares with an answer known independently of the emulator (closed forms, IEEE 754
// exact cases, naive reference loops, counts fixed by construction). Prints one line per check
// and finally "selftest: PASS" or "selftest: FAIL <n>"; exit status 0 only on PASS.
#define _GNU_SOURCE
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char* what) {
    printf("selftest: %-40s %s\n", what, ok ? "ok" : "FAILED");
    if (!ok) ++failures;
}

static int close_to(double got, double want, double rel) {
    return fabs(got - want) <= rel * fabs(want);
}

// ---- floating point and libm ------------------------------------------------------------
static void test_fp(void) {
    volatile double one = 1.0, two = 2.0, ten = 10.0;
    check(close_to(sin(one), 0.8414709848078965, 1e-15), "libm sin(1)");
    check(close_to(cos(one), 0.5403023058681398, 1e-15), "libm cos(1)");
    check(close_to(exp(one), M_E, 1e-15), "libm exp(1) = e");
    check(close_to(log(ten), M_LN10, 1e-15), "libm log(10)");
    check(close_to(atan(one) * 4, M_PI, 1e-15), "libm 4*atan(1) = pi");
    check(sqrt(two) * sqrt(two) != 2.0 && fabs(sqrt(two) * sqrt(two) - 2.0) < 1e-15, "sqrt(2)^2 rounding");
    check(pow(two, 10.0) == 1024.0 && pow(two, -1.0) == 0.5, "libm pow exact cases");
    check(fma(0x1.0000000000001p0, 0x1.0000000000001p0, -0x1.0000000000002p0) == 0x1p-104,
          "fma single rounding");
    // Series with a known limit: sum 1/k^2 -> pi^2/6, error below 1/N (vectorisable loop).
    double s = 0;
    for (int k = 1; k <= 1000000; ++k) s += 1.0 / ((double)k * k);
    check(fabs(s - M_PI * M_PI / 6) < 1.0e-6 && fabs(s - M_PI * M_PI / 6) > 0.9e-6, "sum 1/k^2 -> pi^2/6");
    float fs = 0;
    for (int k = 1; k <= 4096; ++k) fs += 1.0f;
    check(fs == 4096.0f, "float accumulation exact");
    char buf[64];
    snprintf(buf, sizeof buf, "%.6f %.3e %g", M_PI, 6.02214076e23, 0.1);
    check(strcmp(buf, "3.141593 6.022e+23 0.1") == 0, "printf of doubles");
    check(strtod("2.5e-3", NULL) == 0.0025 && atof("1e308") * 10 == INFINITY, "strtod and overflow");
    check(isnan(sqrt(-one)) && signbit(-0.0) && !signbit(0.0), "NaN and signed zero");
    check(lrint(2.5) == 2 && lrint(3.5) == 4 && (long)2.7 == 2 && (long)-2.7 == -2, "rounding to integers");
}

// ---- string functions (glibc's AdvSIMD implementations) vs naive loops ---------------------
static size_t naive_strlen(const char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

static void test_strings(void) {
    static unsigned char src[1024], dst[1024], ref[1024];
    int bad = 0;
    for (int i = 0; i < 1024; ++i) src[i] = (unsigned char)(i * 7 + 3);
    for (int align = 0; align < 32 && !bad; ++align)
        for (int len = 0; len < 300 && !bad; len += (len < 40 ? 1 : 7)) {
            memset(dst, 0xAA, sizeof dst);
            memset(ref, 0xAA, sizeof ref);
            memcpy(dst + align, src + (31 - align), len);
            for (int i = 0; i < len; ++i) ref[align + i] = src[31 - align + i];
            if (memcmp(dst, ref, sizeof ref) != 0) bad = 1;
            for (int i = 0; i < 1024; ++i)
                if (dst[i] != ref[i]) bad = 1;
        }
    check(!bad, "memcpy all alignments and lengths");

    bad = 0;
    for (int align = 0; align < 32 && !bad; ++align)
        for (int len = 0; len < 300 && !bad; len += (len < 40 ? 1 : 5)) {
            char* s = (char*)dst + align;
            memset(dst, 'x', sizeof dst);
            s[len] = 0;
            if (strlen(s) != naive_strlen(s) || strlen(s) != (size_t)len) bad = 1;
            char* hit = strchr(s, 'y');
            if (hit) bad = 1;
            if (len > 0) {
                s[len / 2] = 'y';
                if (strchr(s, 'y') != s + len / 2 || memchr(s, 'y', len) != s + len / 2) bad = 1;
                s[len / 2] = 'x';
            }
        }
    check(!bad, "strlen/strchr/memchr");

    bad = 0;
    for (int len = 1; len < 200 && !bad; ++len) {
        memset(dst, 'a', len);
        memset(ref, 'a', len);
        int pos = len / 3;
        ref[pos] = 'b';
        if (memcmp(dst, ref, len) >= 0 || memcmp(ref, dst, len) <= 0) bad = 1;
        dst[len] = ref[len] = 0;
        if (strcmp((char*)dst, (char*)ref) >= 0) bad = 1;
        if (memcmp(dst, dst, len) != 0) bad = 1;
    }
    check(!bad, "memcmp/strcmp ordering");

    memset(dst, 0, sizeof dst);
    memmove(dst + 1, dst, 0);
    for (int i = 0; i < 100; ++i) dst[i] = (unsigned char)i;
    memmove(dst + 3, dst, 100);
    bad = 0;
    for (int i = 0; i < 100; ++i)
        if (dst[i + 3] != i) bad = 1;
    check(!bad, "memmove overlapping");
}

// ---- processes ------------------------------------------------------------------------
static void test_fork_exec(const char* self) {
    int fds[2];
    if (pipe(fds) != 0) {
        check(0, "pipe");
        return;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execl(self, self, "--child", (char*)NULL);
        _exit(127);
    }
    close(fds[1]);
    char buf[64] = {0};
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    check(n > 0 && strcmp(buf, "child 6765\n") == 0, "fork/exec output through a pipe");
    check(WIFEXITED(status) && WEXITSTATUS(status) == 42, "child exit status 42");
}

static int child_main(void) {
    long a = 0, b = 1;
    for (int i = 0; i < 20; ++i) {
        long t = a + b;
        a = b;
        b = t;
    }
    printf("child %ld\n", a);  // fib(20) = 6765
    return 42;
}

// ---- threads on every core ------------------------------------------------------------------
enum { kIncrements = 200000 };
static long shared_atomic;
static long shared_locked;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

struct worker {
    pthread_t thread;
    int cpu;
    int ran_on;
    double partial;
};

static void* worker_main(void* arg) {
    struct worker* w = arg;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(w->cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
    sched_yield();
    w->ran_on = sched_getcpu();
    double s = 0;
    for (int k = 1 + w->cpu; k <= 100000; k += 64) s += 1.0 / k;  // disjoint slices of the harmonic sum
    w->partial = s;
    for (int i = 0; i < kIncrements; ++i) {
        __atomic_fetch_add(&shared_atomic, 1, __ATOMIC_RELAXED);
        if ((i & 15) == 0) {
            pthread_mutex_lock(&lock);
            ++shared_locked;
            pthread_mutex_unlock(&lock);
        }
    }
    return NULL;
}

static void test_threads(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1 || n > 64) n = 1;
    struct worker w[64];
    for (int i = 0; i < n; ++i) {
        w[i].cpu = i;
        pthread_create(&w[i].thread, NULL, worker_main, &w[i]);
    }
    int placed = 1;
    for (int i = 0; i < n; ++i) {
        pthread_join(w[i].thread, NULL);
        if (w[i].ran_on != i) placed = 0;
    }
    printf("selftest: %ld threads\n", n);
    check(placed, "one thread pinned on each core");
    check(shared_atomic == n * kIncrements, "atomic counter across cores");
    check(shared_locked == n * ((kIncrements + 15) / 16), "mutex counter across cores");
}

// ---- signals --------------------------------------------------------------------------------
static volatile sig_atomic_t got_usr1, got_alarm;
static sigjmp_buf recover;

static void on_usr1(int sig) {
    got_usr1 = sig;
}
static void on_alarm(int sig) {
    got_alarm = sig;
}
static void on_fault(int sig) {
    siglongjmp(recover, sig);
}

static void test_signals(void) {
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    check(got_usr1 == SIGUSR1, "SIGUSR1 delivered to its handler");

    signal(SIGALRM, on_alarm);
    alarm(1);
    while (!got_alarm) pause();
    check(got_alarm == SIGALRM, "SIGALRM after alarm(1)");

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fault;
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGILL, &sa, NULL);
    int sig = sigsetjmp(recover, 1);
    if (sig == 0) {
        volatile int* volatile unmapped = (volatile int*)16;
        *unmapped = 1;  // the null page is never mapped: data abort -> SIGSEGV
        sig = -1;
    }
    check(sig == SIGSEGV, "SIGSEGV from a null-page store");
    sig = sigsetjmp(recover, 1);
    if (sig == 0) {
        __asm__ volatile(".inst 0x00000000");  // UDF #0: UNDEFINED -> SIGILL
        sig = -1;
    }
    check(sig == SIGILL, "SIGILL from an undefined instruction");
}

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--child") == 0) return child_main();
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_fp();
    test_strings();
    test_fork_exec("/proc/self/exe");
    test_threads();
    test_signals();
    if (failures) {
        printf("selftest: FAIL %d\n", failures);
        return 1;
    }
    printf("selftest: PASS\n");
    return 0;
}
