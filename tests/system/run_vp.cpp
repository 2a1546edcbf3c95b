#include "run_vp.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

namespace vp::test {

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
}  // namespace

VpRun run_vp(const std::vector<std::string>& args, int wall_seconds) {
    char dir_template[] = "/tmp/vp-run-XXXXXX";
    std::string dir = mkdtemp(dir_template);
    std::string uart_path = dir + "/uart.txt", err_path = dir + "/stderr.txt";
    std::vector<std::string> full = {VP_BINARY};
    full.insert(full.end(), args.begin(), args.end());
    full.push_back("-serial");
    full.push_back("file:" + uart_path);

    pid_t pid = fork();
    if (pid == 0) {
        int in = open("/dev/null", O_RDONLY);
        int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(in, 0);
        dup2(err, 2);
        dup2(err, 1);
        std::vector<char*> argv;
        for (auto& a : full) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    VpRun run;
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wall_seconds);
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            run.stderr_text = slurp(err_path) + "\n[killed after " + std::to_string(wall_seconds) + " s]";
            run.uart = slurp(uart_path);
            return run;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (WIFEXITED(status)) run.exit_status = WEXITSTATUS(status);
    run.uart = slurp(uart_path);
    run.stderr_text = slurp(err_path);
    std::remove(uart_path.c_str());
    std::remove(err_path.c_str());
    rmdir(dir.c_str());
    return run;
}

bool have_qemu() {
    return system("command -v qemu-system-aarch64 >/dev/null 2>&1") == 0;
}

VpRun run_qemu(const std::string& elf, int wall_seconds) {
    char dir_template[] = "/tmp/vp-qemu-XXXXXX";
    std::string dir = mkdtemp(dir_template);
    std::string err_path = dir + "/stderr.txt";
    std::string cmd =
        "timeout " + std::to_string(wall_seconds) +
        " qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1G -nographic -monitor none -nic none -kernel '" +
        elf + "' </dev/null 2>'" + err_path + "'";
    VpRun run;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) run.uart.append(buf, n);
        int status = pclose(p);
        if (WIFEXITED(status)) run.exit_status = WEXITSTATUS(status);
    }
    run.stderr_text = slurp(err_path);
    std::remove(err_path.c_str());
    rmdir(dir.c_str());
    return run;
}

std::string run_command(const std::string& cmd) {
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    return out;
}

}  // namespace vp::test
