// A power button the platform presses when the user asks for a graceful shutdown (SIGTERM to vp,
// Ctrl-A p): Role::power_button devices return it from Device::power_button().
#pragma once

namespace vp {

class PowerButton {
public:
    virtual ~PowerButton() = default;
    // Simulation thread: one press (down, then up after the device's own press time).
    virtual void press() = 0;
};

}  // namespace vp
