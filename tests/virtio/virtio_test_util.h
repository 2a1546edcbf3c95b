// A virtio-mmio transport on a router with a test RAM behind it, and a test driver that follows
// OASIS virtio 1.2 §3.1.1 (initialisation) and §2.7 (split virtqueues) using only virtio_spec.h.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>

#include "core/irq.h"
#include "models/virtio/virtio_mmio.h"
#include "platform/router/router.h"
#include "support/test_initiator.h"
#include "virtio/virtio_spec.h"

namespace virtio_test {

using namespace virtio_spec;

constexpr uint64_t kRam = 0x40000000, kRamSize = 1 << 20;
constexpr uint64_t kDev = 0x0a000000;
constexpr unsigned kLine = 48;  // SPI 16, QEMU virt's first transport
constexpr uint64_t kDesc = kRam + 0x0000, kAvail = kRam + 0x2000, kUsed = kRam + 0x3000;
constexpr uint64_t kData = kRam + 0x10000;

// RAM as a TLM target that grants DMI when asked to, and can revoke it.
class TestRam : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<TestRam> socket{"socket"};
    std::vector<uint8_t> bytes = std::vector<uint8_t>(kRamSize);
    bool grant_dmi = true;
    unsigned transactions = 0;

    explicit TestRam(const sc_core::sc_module_name& n) : sc_core::sc_module(n) {
        socket.register_b_transport(this, &TestRam::b_transport);
        socket.register_get_direct_mem_ptr(this, &TestRam::get_dmi);
        socket.register_transport_dbg(this, &TestRam::debug);
    }
    void revoke() { socket->invalidate_direct_mem_ptr(0, kRamSize - 1); }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time&) {
        ++transactions;
        const uint64_t a = gp.get_address();
        if (a + gp.get_data_length() > kRamSize) {
            gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
            return;
        }
        if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), &bytes[a], gp.get_data_length());
        else
            std::memcpy(&bytes[a], gp.get_data_ptr(), gp.get_data_length());
        gp.set_dmi_allowed(grant_dmi);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
    bool get_dmi(tlm::tlm_generic_payload&, tlm::tlm_dmi& d) {
        if (!grant_dmi) return false;
        d.set_dmi_ptr(bytes.data());
        d.set_start_address(0);
        d.set_end_address(kRamSize - 1);
        d.allow_read_write();
        return true;
    }
    unsigned debug(tlm::tlm_generic_payload& gp) {
        const uint64_t a = gp.get_address();
        if (gp.is_read())
            std::memcpy(gp.get_data_ptr(), &bytes[a], gp.get_data_length());
        else
            std::memcpy(&bytes[a], gp.get_data_ptr(), gp.get_data_length());
        return gp.get_data_length();
    }
};

struct Buf {
    uint64_t addr;
    uint32_t len;
    bool device_writes;
};

struct Rig {
    vp::Router router{"router"};
    TestRam ram{"ram"};
    std::unique_ptr<vp::VirtioMmio> dev;
    vp::test::TestInitiator cpu{"cpu"};
    vp::IrqRecorder irq;
    uint16_t queue_size = 0, avail_idx = 0, next_desc = 0;

    Rig(const vp::DeviceConfig& cfg, std::unique_ptr<vp::virtio::VirtioDevice> device)
        : Rig(std::make_unique<vp::VirtioMmio>("virtio", cfg, std::move(device))) {}
    explicit Rig(std::unique_ptr<vp::VirtioMmio> d) : dev(std::move(d)) {
        wire();
        sc_core::sc_start(sc_core::SC_ZERO_TIME);
    }
    // One of several rigs in a test (checkpoint twins): its own module names; the test starts
    // the simulation once every rig is built.
    Rig(std::unique_ptr<vp::VirtioMmio> d, const std::string& prefix)
        : router((prefix + "router").c_str()),
          ram((prefix + "ram").c_str()),
          dev(std::move(d)),
          cpu((prefix + "cpu").c_str()) {
        wire();
    }
    void wire() {
        router.map(kRam, kRamSize, ram.socket, "ram");
        router.map(kDev, 0x200, dev->socket, "virtio");
        dev->initiator_socket()->bind(router.targ);
        cpu.socket.bind(router.targ);
        dev->irq.bind(irq, kLine);
    }

    uint32_t rd(uint32_t off) {
        auto r = cpu.read(kDev + off);
        EXPECT_TRUE(r.ok()) << "read " << off;
        return static_cast<uint32_t>(r.data);
    }
    void wr(uint32_t off, uint32_t v) { EXPECT_TRUE(cpu.write(kDev + off, v).ok()) << "write " << off; }
    uint64_t device_features() {
        wr(DeviceFeaturesSel, 0);
        uint64_t f = rd(DeviceFeatures);
        wr(DeviceFeaturesSel, 1);
        return f | uint64_t(rd(DeviceFeatures)) << 32;
    }
    void driver_features(uint64_t f) {
        wr(DriverFeaturesSel, 0);
        wr(DriverFeatures, static_cast<uint32_t>(f));
        wr(DriverFeaturesSel, 1);
        wr(DriverFeatures, static_cast<uint32_t>(f >> 32));
    }
    // §3.1.1 up to FEATURES_OK; true if the device kept FEATURES_OK.
    bool negotiate(uint64_t accept) {
        wr(Status, 0);
        wr(Status, ACKNOWLEDGE);
        wr(Status, ACKNOWLEDGE | DRIVER);
        driver_features(accept);
        wr(Status, ACKNOWLEDGE | DRIVER | FEATURES_OK);
        return (rd(Status) & FEATURES_OK) != 0;
    }
    void setup_queue(unsigned q, uint16_t size) {
        queue_size = size;
        avail_idx = next_desc = 0;
        std::memset(&ram.bytes[kDesc - kRam], 0, 0x10000);
        wr(QueueSel, q);
        wr(QueueNum, size);
        wr(QueueDescLow, static_cast<uint32_t>(kDesc));
        wr(QueueDescHigh, static_cast<uint32_t>(kDesc >> 32));
        wr(QueueDriverLow, static_cast<uint32_t>(kAvail));
        wr(QueueDriverHigh, 0);
        wr(QueueDeviceLow, static_cast<uint32_t>(kUsed));
        wr(QueueDeviceHigh, 0);
        wr(QueueReady, 1);
    }
    // Negotiates `accept` (plus VERSION_1), sets up queue 0, DRIVER_OK.
    void start(uint64_t accept = 0, uint16_t size = 16) {
        ASSERT_TRUE(negotiate(accept | 1ull << VIRTIO_F_VERSION_1));
        setup_queue(0, size);
        wr(Status, ACKNOWLEDGE | DRIVER | FEATURES_OK | DRIVER_OK);
    }

    template <class T>
    void put(uint64_t addr, T v) {
        std::memcpy(&ram.bytes[addr - kRam], &v, sizeof v);
    }
    template <class T>
    T get(uint64_t addr) const {
        T v;
        std::memcpy(&v, &ram.bytes[addr - kRam], sizeof v);
        return v;
    }
    void put_bytes(uint64_t addr, const void* p, size_t n) { std::memcpy(&ram.bytes[addr - kRam], p, n); }
    std::string get_bytes(uint64_t addr, size_t n) const {
        return std::string(reinterpret_cast<const char*>(&ram.bytes[addr - kRam]), n);
    }

    // §2.7.5 struct virtq_desc at `table` index `i`.
    void desc(uint64_t table, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next) {
        put<uint64_t>(table + 16ull * i, addr);
        put<uint32_t>(table + 16ull * i + 8, len);
        put<uint16_t>(table + 16ull * i + 12, flags);
        put<uint16_t>(table + 16ull * i + 14, next);
    }
    // Writes `bufs` as a chain of direct descriptors; returns the head.
    uint16_t chain(const std::vector<Buf>& bufs) {
        const uint16_t head = next_desc;
        for (size_t i = 0; i < bufs.size(); ++i) {
            const uint16_t at = static_cast<uint16_t>((head + i) % queue_size);
            const bool last = i + 1 == bufs.size();
            desc(kDesc, at, bufs[i].addr, bufs[i].len,
                 static_cast<uint16_t>((last ? 0 : VIRTQ_DESC_F_NEXT) |
                                       (bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0)),
                 static_cast<uint16_t>((at + 1) % queue_size));
        }
        next_desc = static_cast<uint16_t>((head + bufs.size()) % queue_size);
        return head;
    }
    // Writes `bufs` as an indirect table at `table`, referenced by one descriptor; returns its index.
    uint16_t indirect_chain(uint64_t table, const std::vector<Buf>& bufs) {
        for (size_t i = 0; i < bufs.size(); ++i) {
            const bool last = i + 1 == bufs.size();
            desc(table, static_cast<uint16_t>(i), bufs[i].addr, bufs[i].len,
                 static_cast<uint16_t>((last ? 0 : VIRTQ_DESC_F_NEXT) |
                                       (bufs[i].device_writes ? VIRTQ_DESC_F_WRITE : 0)),
                 static_cast<uint16_t>(i + 1));
        }
        const uint16_t head = next_desc;
        desc(kDesc, head, table, static_cast<uint32_t>(16 * bufs.size()), VIRTQ_DESC_F_INDIRECT, 0);
        next_desc = static_cast<uint16_t>((head + 1) % queue_size);
        return head;
    }
    // §2.7.13: puts `head` in the available ring, publishes the index; notifies queue `q`.
    void make_available(uint16_t head, bool notify = true, unsigned q = 0) {
        put<uint16_t>(kAvail + 4 + 2ull * (avail_idx % queue_size), head);
        ++avail_idx;
        put<uint16_t>(kAvail + 2, avail_idx);
        if (notify) wr(QueueNotify, q);
    }
    uint16_t used_idx() const { return get<uint16_t>(kUsed + 2); }
    uint32_t used_id(uint16_t i) const { return get<uint32_t>(kUsed + 4 + 8ull * (i % queue_size)); }
    uint32_t used_len(uint16_t i) const { return get<uint32_t>(kUsed + 4 + 8ull * (i % queue_size) + 4); }
    bool line() const { return irq.level(kLine); }
};

// A device as the platform builds it: through the model registry (defaults applied).
inline std::unique_ptr<vp::VirtioMmio> make_from_registry(const vp::DeviceConfig& cfg,
                                                          const char* module_name = "virtio") {
    const vp::ModelInfo* info = vp::ModelRegistry::instance().find(cfg.model);
    EXPECT_NE(info, nullptr) << cfg.model;
    std::unique_ptr<vp::Device> d = info->create(module_name, cfg);
    return std::unique_ptr<vp::VirtioMmio>(static_cast<vp::VirtioMmio*>(d.release()));
}

inline vp::DeviceConfig transport_config(const std::string& name, const std::string& model) {
    vp::DeviceConfig c;
    c.name = name;
    c.model = model;
    c.regions = {{"regs", kDev, 0x200}};
    c.interrupts = {kLine};
    return c;
}

}  // namespace virtio_test
