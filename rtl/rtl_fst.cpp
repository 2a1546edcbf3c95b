#include "rtl/rtl_fst.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <vector>

#include <fmt/format.h>

extern char** environ;

namespace vp {

bool have_vcd2fst() {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && access((dir + "/vcd2fst").c_str(), X_OK) == 0) return true;
    return false;
}

bool vcd_to_fst(const std::string& vcd, const std::string& fst, std::string& error) {
    std::vector<std::string> args = {"vcd2fst", "-v", vcd, "-f", fst};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, "vcd2fst", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    int status = 0;
    if (rc != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        error = fmt::format("vcd2fst '{}' -> '{}' failed", vcd, fst);
        return false;
    }
    std::remove(vcd.c_str());
    return true;
}

}  // namespace vp
