// A self-pipe that wakes a host reader thread blocked in poll(), so it can be stopped.
#pragma once
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.h"

namespace vp {

class WakePipe {
public:
    WakePipe() {
        if (::pipe2(fds_, O_CLOEXEC | O_NONBLOCK) != 0)
            throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
    }
    ~WakePipe() {
        ::close(fds_[0]);
        ::close(fds_[1]);
    }
    WakePipe(const WakePipe&) = delete;
    WakePipe& operator=(const WakePipe&) = delete;

    int read_fd() const { return fds_[0]; }
    void wake() {
        char c = 1;
        [[maybe_unused]] ssize_t n = ::write(fds_[1], &c, 1);
    }
    // Empties the pipe after poll() reported it readable.
    void drain() {
        char buf[64];
        while (::read(fds_[0], buf, sizeof buf) > 0) {
        }
    }

private:
    int fds_[2] = {-1, -1};
};

}  // namespace vp
