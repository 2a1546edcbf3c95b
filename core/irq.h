// Interrupt wires between models. An IrqOut is a device's output pin; it is bound to one
// input of an IrqSink (an interrupt controller, a CPU, a bridge or a test recorder).
// Levels are propagated at the caller's point in (local) simulated time; no SystemC
// signal sits on the path, so a wire change costs a virtual call.
#pragma once
#include <map>
#include <vector>

namespace vp {

class IrqSink {
public:
    virtual ~IrqSink() = default;
    virtual void set_irq(unsigned line, bool level) = 0;
};

class IrqOut {
public:
    void bind(IrqSink& sink, unsigned line) {
        sink_ = &sink;
        line_ = line;
        if (level_) sink_->set_irq(line_, true);
    }
    void set(bool level) {
        if (level == level_) return;
        level_ = level;
        if (sink_) sink_->set_irq(line_, level);
    }
    void raise() { set(true); }
    void lower() { set(false); }
    bool level() const { return level_; }
    bool bound() const { return sink_ != nullptr; }
    unsigned line() const { return line_; }

private:
    IrqSink* sink_ = nullptr;
    unsigned line_ = 0;
    bool level_ = false;
};

// A sink that records every line's level and edges: for tests and for probing.
class IrqRecorder : public IrqSink {
public:
    void set_irq(unsigned line, bool level) override {
        levels_[line] = level;
        if (level) ++rising_[line];
        history_.push_back({line, level});
    }
    bool level(unsigned line) const {
        auto it = levels_.find(line);
        return it != levels_.end() && it->second;
    }
    unsigned rising_edges(unsigned line) const {
        auto it = rising_.find(line);
        return it == rising_.end() ? 0 : it->second;
    }
    struct Event {
        unsigned line;
        bool level;
    };
    const std::vector<Event>& history() const { return history_; }

private:
    std::map<unsigned, bool> levels_;
    std::map<unsigned, unsigned> rising_;
    std::vector<Event> history_;
};

}  // namespace vp
