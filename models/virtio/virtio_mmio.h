// virtio over MMIO (OASIS virtio 1.2 §4.2), version 2 ("modern") only: the register interface is a
// TLM-2.0 target (§4.2.2, a RegisterBank for 0x000-0x0FC, the device's configuration space from
// 0x100), the queues are split virtqueues (§2.7) in guest memory reached through a bus-master
// initiator socket (DmaPort: DMI where granted, invalidations honoured), and one interrupt output,
// high while InterruptStatus is non-zero (bit 0 used buffer, bit 1 configuration change).
//
// Features offered besides the device's own: VIRTIO_F_VERSION_1 (required: FEATURES_OK is refused
// without it, §4.2.3.1), VIRTIO_F_INDIRECT_DESC, VIRTIO_F_RING_EVENT_IDX. A driver that breaks the
// rules of its queues (virtqueue.h) sets DEVICE_NEEDS_RESET (§2.1.1) and a configuration-change
// interrupt; the reason is logged under guest_errors. A notification before DRIVER_OK, for a queue
// not ready or after DEVICE_NEEDS_RESET is ignored (logged). Requests are served when the driver
// notifies, inside its QueueNotify write, in zero simulated time. Its bus-master accesses to its
// own registers fail (a descriptor pointing at them), and while it serves its registers refuse
// every access (another device's DMA), so a guest cannot make it recurse. Without a device (model
// virtio_mmio) DeviceID reads 0 (§4.2.2: "no device"), which a driver skips. Not modelled: legacy version 1,
// shared memory regions (SHMLen reads all ones: none), VIRTIO_F_NOTIFICATION_DATA, queue reset, packed
// virtqueues.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <tlm_utils/simple_target_socket.h>

#include "core/device.h"
#include "core/model_registry.h"
#include "core/register_bank.h"
#include "models/virtio/dma_port.h"
#include "models/virtio/virtio_device.h"

namespace vp {

namespace virtio_mmio {

// §4.2.2 "MMIO Device Register Layout".
enum Offset : uint32_t {
    MagicValue = 0x000,
    Version = 0x004,
    DeviceID = 0x008,
    VendorID = 0x00c,
    DeviceFeatures = 0x010,
    DeviceFeaturesSel = 0x014,
    DriverFeatures = 0x020,
    DriverFeaturesSel = 0x024,
    QueueSel = 0x030,
    QueueNumMax = 0x034,
    QueueNum = 0x038,
    QueueReady = 0x044,
    QueueNotify = 0x050,
    InterruptStatus = 0x060,
    InterruptACK = 0x064,
    Status = 0x070,
    QueueDescLow = 0x080,
    QueueDescHigh = 0x084,
    QueueDriverLow = 0x090,
    QueueDriverHigh = 0x094,
    QueueDeviceLow = 0x0a0,
    QueueDeviceHigh = 0x0a4,
    SHMSel = 0x0ac,
    SHMLenLow = 0x0b0,
    SHMLenHigh = 0x0b4,
    SHMBaseLow = 0x0b8,
    SHMBaseHigh = 0x0bc,
    ConfigGeneration = 0x0fc,
    Config = 0x100,
};

constexpr uint32_t kMagic = 0x74726976;  // "virt"
constexpr uint32_t kVersion = 2;
constexpr uint32_t kVendor = 0x20205056;  // "VP  "
constexpr uint64_t kRegionSize = 0x200;

// §2.1 device status bits.
constexpr uint32_t kAcknowledge = 1, kDriver = 2, kDriverOk = 4, kFeaturesOk = 8, kNeedsReset = 64,
                   kFailed = 128;
// InterruptStatus bits.
constexpr uint32_t kUsedBuffer = 1, kConfigChange = 2;

constexpr unsigned kMaxQueues = 8;

}  // namespace virtio_mmio

class VirtioMmio : public Device, private virtio::DeviceQueues {
public:
    tlm_utils::simple_target_socket<VirtioMmio> socket{"socket"};
    IrqOut irq;

    // `device` may be null: a transport with no device behind it (DeviceID 0).
    VirtioMmio(const sc_core::sc_module_name& name, const DeviceConfig& config,
               std::unique_ptr<virtio::VirtioDevice> device);
    ~VirtioMmio() override;

    TargetSocket& target_socket(unsigned index) override;
    tlm::tlm_initiator_socket<>* initiator_socket() override { return &dma_.socket; }
    IrqOut* irq_output(unsigned index) override { return index == 0 ? &irq : nullptr; }
    void write_dtb(DtbWriter& dtb) const override;
    // The registers, each queue's registers and ring indices, then the device's own state
    // (VirtioDevice::save_state). Requests are served inside the QueueNotify write, so none is
    // in flight at a checkpoint; the rings themselves are in guest memory.
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

    virtio::DmaPort& dma() { return dma_; }
    virtio::VirtioDevice* device() { return device_.get(); }
    uint32_t status() const { return status_; }

    // The ModelInfo of a virtio-mmio model: one 0x200 region, one interrupt. `refusal`: why the
    // device's state cannot be checkpointed ("" when VirtioDevice::save_state saves it).
    static ModelInfo model(std::string name, std::string doc, std::vector<PropertySpec> props,
                           std::function<std::unique_ptr<virtio::VirtioDevice>(const DeviceConfig&)> make,
                           std::string refusal = "");

private:
    struct Queue {
        uint32_t num = 0, ready = 0;
        uint32_t desc[2] = {}, driver[2] = {}, device[2] = {};  // low, high
        virtio::Virtqueue vq;
    };

    std::vector<Register> registers();
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    unsigned transport_dbg(tlm::tlm_generic_payload& gp);
    void config_access(tlm::tlm_generic_payload& gp);

    Queue* selected();
    uint64_t offered_features() const;
    void write_status(uint32_t v);
    void write_queue_ready(uint32_t v);
    void write_notify(uint32_t q);
    void reset();
    void update_irq();

    // DeviceQueues
    virtio::GuestMemory& memory() override { return dma_; }
    virtio::Virtqueue::Pop pop(unsigned q, virtio::Chain& out) override;
    void complete(unsigned q, uint16_t head, uint32_t written) override;
    void fail(const std::string& why) override;
    bool queue_ready(unsigned q) const override;

    std::unique_ptr<virtio::VirtioDevice> device_;
    virtio::DmaPort dma_{"dma"};
    std::array<Queue, virtio_mmio::kMaxQueues> queues_;
    uint32_t device_features_sel_ = 0, driver_features_sel_ = 0, queue_sel_ = 0, shm_sel_ = 0;
    uint64_t driver_features_ = 0;
    uint32_t interrupt_status_ = 0, status_ = 0;
    bool serving_ = false;  // inside a notification: the device's own accesses are refused
    uint32_t pending_ = 0;  // queues notified while serving
    RegisterBank regs_;     // §4.2.2, 0x000-0x0FC
};

}  // namespace vp
