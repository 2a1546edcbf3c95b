// A power button the platform presses when the user asks for a graceful shutdown (SIGTERM to vp,
// Ctrl-A p): Role::power_button devices return it from Device::power_button().
#pragma once

namespace vp {

class PowerButton {
public:
    virtual ~PowerButton() = default;
    // Simulation thread: one press (down, then up after the device's own press time).
    virtual void press() = 0;
    // Whether the guest listens to the button (e.g. has unmasked its GPIO line's interrupt); a
    // request nobody can hear stops the machine at once instead of waiting for a power-off.
    virtual bool heeded() const { return true; }
};

}  // namespace vp
