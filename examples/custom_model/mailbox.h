// A user's own device model, registered by name ("example.mailbox") so a topology can
// instantiate it. Two 32-bit registers, 32-bit accesses only:
//   0x0 DATA  (write-only) a word written is printed with the device's prefix
//   0x4 COUNT (read-only)  how many words were written
// Anything else (another size, another offset, reading DATA or writing COUNT) is refused with a
// TLM error response. Each access takes 10 ns, added by the router (ModelInfo::access_latency).
#pragma once
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>
#include <string>

#include "core/device.h"
#include "core/register_bank.h"

class Mailbox : public vp::Device {
public:
    static constexpr uint64_t DATA = 0x0, COUNT = 0x4;

    tlm_utils::simple_target_socket<vp::RegisterBank> socket{"socket"};

    Mailbox(const sc_core::sc_module_name& name, const vp::DeviceConfig& config);
    vp::TargetSocket& target_socket(unsigned) override { return socket; }
    void write_dtb(vp::DtbWriter& dtb) const override;

private:
    void write_data(const vp::RegAccess& access, uint64_t value);

    std::string prefix_;
    uint32_t count_ = 0;
    vp::RegisterBank regs_;
};
