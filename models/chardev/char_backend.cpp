#define SC_INCLUDE_DYNAMIC_PROCESSES  // sc_spawn, for the delivery method

#include "models/chardev/char_backend.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "models/chardev/stdio_backend.h"
#include "models/chardev/tcp_backend.h"
#include "core/error.h"
#include "core/exit_status.h"

namespace vp {

namespace {

std::atomic<bool> g_idle_waits_for_input{false};

// Output dropped, no input.
class NullBackend : public CharBackend {
public:
    using CharBackend::CharBackend;
    void write_out(const uint8_t*, size_t) override {}
    std::string describe() const override { return "null"; }
};

// Output written to a file, no input. Writes to a file do not wait for a consumer; a write
// error (ENOSPC, EIO, EPIPE on a FIFO) ends the run.
class FileBackend : public CharBackend {
public:
    FileBackend(const char* name, const std::string& path, bool append) : CharBackend(name), path_(path) {
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0644);
        if (fd_ < 0)
            throw Error(fmt::format("character backend 'file:{}': cannot open for writing: {}", path,
                                    std::strerror(errno)));
    }
    ~FileBackend() override { ::close(fd_); }
    void write_out(const uint8_t* data, size_t len) override {
        while (len > 0 && !stopped_) {
            ssize_t n = ::write(fd_, data, len);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {  // the guest cannot be told: the run ends
                stopped_ = true;
                output_failed(n < 0 ? errno : EIO);
                return;
            }
            data += n;
            len -= static_cast<size_t>(n);
        }
    }
    std::string describe() const override { return "file:" + path_; }

private:
    std::string path_;
    int fd_ = -1;
    bool stopped_ = false;
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        size_t pos = s.find(sep, start);
        out.push_back(s.substr(start, pos - start));
        if (pos == std::string::npos) return out;
        start = pos + 1;
    }
}

std::unique_ptr<CharBackend> make_tcp(const std::string& spec, const char* name) {
    // tcp:[HOST]:PORT[,server][,nowait]
    auto fields = split(spec.substr(4), ',');
    TcpOptions opt;
    for (size_t i = 1; i < fields.size(); ++i) {
        if (fields[i] == "server")
            opt.server = true;
        else if (fields[i] == "nowait")
            opt.wait = false;
        else
            throw Error(fmt::format("character backend '{}': unknown option '{}' (expected server, nowait)",
                                    spec, fields[i]));
    }
    size_t colon = fields[0].rfind(':');
    if (colon == std::string::npos)
        throw Error(fmt::format("character backend '{}': expected tcp:[HOST]:PORT[,server][,nowait]", spec));
    opt.host = fields[0].substr(0, colon);
    if (opt.host.empty()) opt.host = "127.0.0.1";
    const std::string port = fields[0].substr(colon + 1);
    char* end = nullptr;
    unsigned long p = port.empty() ? 0 : std::strtoul(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || p == 0 || p > 65535)
        throw Error(fmt::format("character backend '{}': '{}' is not a TCP port (1-65535)", spec, port));
    opt.port = static_cast<uint16_t>(p);
    if (!opt.server && !opt.wait)
        throw Error(fmt::format("character backend '{}': nowait needs server", spec));
    return std::make_unique<TcpBackend>(name, opt);
}

}  // namespace

CharBackend::CharBackend(const char* name)
    : sc_core::sc_prim_channel(sc_core::sc_gen_unique_name(name)), host_([this] { on_host_signal(); }) {
    sc_core::sc_spawn_options opts;
    opts.spawn_method();
    opts.dont_initialize();
    opts.set_sensitivity(&deliver_event_);
    std::string proc = std::string(basename()) + "_deliver";
    sc_core::sc_spawn([this] { deliver(); }, sc_core::sc_gen_unique_name(proc.c_str()), &opts);
}

CharBackend::~CharBackend() = default;

void CharBackend::attach(Frontend frontend) {
    frontend_ = std::move(frontend);
    ready();
}

void CharBackend::ready() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!queue_.empty()) host_.signal();
}

size_t CharBackend::pending_input() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size();
}

void CharBackend::set_idle_waits_for_input(bool on) {
    g_idle_waits_for_input = on;
}

void CharBackend::push_input(const uint8_t* data, size_t len) {
    if (len == 0) return;
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.insert(queue_.end(), data, data + len);
    host_.signal();
}

void CharBackend::request_quit(const std::string& reason) {
    HostEvents::get().request_end(sim::exit_ok, reason);
}

std::string CharBackend::output_name() const {
    const sc_core::sc_object* owner = get_parent_object();
    return fmt::format("output of {} ('{}')", owner ? owner->name() : name(), describe());
}

void CharBackend::output_failed(int error) {
    if (failed_.exchange(true)) return;
    HostEvents::get().output_failed(output_name(), error);
}

void CharBackend::send(const uint8_t* data, size_t len) {
    for (auto& observe : observers_) observe(data, len);
    write_out(data, len);
}

void CharBackend::set_input_may_arrive(bool may_arrive) {
    may_arrive_ = may_arrive;
    host_.signal();
}

void CharBackend::on_host_signal() {
    // Evaluated here, on the simulation thread, so that set_idle_waits_for_input() may come
    // after the backend was made (vp's sc_main sets it once the platform exists).
    host_.keep_alive(may_arrive_ && g_idle_waits_for_input);
    deliver_event_.notify(sc_core::SC_ZERO_TIME);
}

void CharBackend::deliver() {
    for (;;) {
        size_t room = frontend_.can_receive ? frontend_.can_receive() : 0;
        if (room == 0) break;
        std::vector<uint8_t> chunk;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            size_t n = std::min(room, queue_.size());
            chunk.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        }
        if (chunk.empty()) break;
        for (uint8_t c : chunk) frontend_.receive(c);
    }
}

std::unique_ptr<CharBackend> make_char_backend(const std::string& spec, const char* name) {
    if (spec == "stdio") return std::make_unique<StdioBackend>(name);
    if (spec == "null") return std::make_unique<NullBackend>(name);
    if (spec.rfind("file:", 0) == 0) {
        std::string path = spec.substr(5);
        bool append = false;
        if (path.size() > 7 && path.compare(path.size() - 7, 7, ",append") == 0) {
            append = true;
            path.resize(path.size() - 7);
        }
        if (path.empty()) throw Error("character backend 'file:': a file name is required (file:PATH)");
        return std::make_unique<FileBackend>(name, path, append);
    }
    if (spec.rfind("tcp:", 0) == 0) return make_tcp(spec, name);
    throw Error(
        fmt::format("unknown character backend '{}' (expected stdio, null, file:PATH, "
                    "tcp:[HOST]:PORT[,server][,nowait])",
                    spec));
}

}  // namespace vp
