#include "platform/console_watch.h"

#include "platform/simulation.h"

namespace vp {

namespace {
constexpr const char* kPanic = "Kernel panic - not syncing";
constexpr const char* kPanicEnd = "---[ end Kernel panic";
constexpr size_t kMaxLine = 4096;
}  // namespace

void ConsoleWatcher::feed(const uint8_t* data, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        const char c = static_cast<char>(data[i]);
        if (c == '\n') {
            line_done();
            line_.clear();
        } else if (c != '\r' && line_.size() < kMaxLine) {
            line_.push_back(c);
        }
    }
}

void ConsoleWatcher::line_done() {
    if (panic_.empty()) {
        size_t at = line_.find(kPanic);
        if (at == std::string::npos) return;
        panic_ = line_.substr(at);
        sim::note_guest_panic("guest kernel panic: " + panic_);
        return;
    }
    if (line_.find(kPanicEnd) != std::string::npos)
        sim::request_exit(sim::exit_guest_panic, "guest kernel panic: " + panic_);
}

}  // namespace vp
