// Values from OASIS virtio 1.2 (csd01), written from the specification for the tests, not taken
// from the model's headers.
#pragma once
#include <cstdint>

namespace virtio_spec {

// §4.2.2 MMIO Device Register Layout.
constexpr uint32_t MagicValue = 0x000, Version = 0x004, DeviceID = 0x008, VendorID = 0x00c,
                   DeviceFeatures = 0x010, DeviceFeaturesSel = 0x014, DriverFeatures = 0x020,
                   DriverFeaturesSel = 0x024, QueueSel = 0x030, QueueNumMax = 0x034, QueueNum = 0x038,
                   QueueReady = 0x044, QueueNotify = 0x050, InterruptStatus = 0x060, InterruptACK = 0x064,
                   Status = 0x070, QueueDescLow = 0x080, QueueDescHigh = 0x084, QueueDriverLow = 0x090,
                   QueueDriverHigh = 0x094, QueueDeviceLow = 0x0a0, QueueDeviceHigh = 0x0a4, SHMSel = 0x0ac,
                   SHMLenLow = 0x0b0, SHMLenHigh = 0x0b4, ConfigGeneration = 0x0fc, Config = 0x100;
constexpr uint32_t kMagic = 0x74726976;  // little-endian "virt"

// §2.1 Device Status Field.
constexpr uint32_t ACKNOWLEDGE = 1, DRIVER = 2, DRIVER_OK = 4, FEATURES_OK = 8, DEVICE_NEEDS_RESET = 64;
// §4.2.2 InterruptStatus bits.
constexpr uint32_t kUsedBufferNotification = 1, kConfigurationChange = 2;

// §6 Reserved Feature Bits.
constexpr unsigned VIRTIO_F_INDIRECT_DESC = 28, VIRTIO_F_EVENT_IDX = 29, VIRTIO_F_VERSION_1 = 32;

// §2.7.5 descriptor flags; §2.7.6 available ring flags.
constexpr uint16_t VIRTQ_DESC_F_NEXT = 1, VIRTQ_DESC_F_WRITE = 2, VIRTQ_DESC_F_INDIRECT = 4;
constexpr uint16_t VIRTQ_AVAIL_F_NO_INTERRUPT = 1;

// §5 Device Types.
constexpr uint32_t kNetworkCard = 1, kBlockDevice = 2, kConsole = 3, kEntropySource = 4;

// §5.2.3 block feature bits, §5.2.6 request types and status.
constexpr unsigned VIRTIO_BLK_F_SEG_MAX = 2, VIRTIO_BLK_F_RO = 5, VIRTIO_BLK_F_BLK_SIZE = 6,
                   VIRTIO_BLK_F_FLUSH = 9, VIRTIO_BLK_F_DISCARD = 13, VIRTIO_BLK_F_WRITE_ZEROES = 14;
constexpr uint32_t VIRTIO_BLK_T_IN = 0, VIRTIO_BLK_T_OUT = 1, VIRTIO_BLK_T_FLUSH = 4, VIRTIO_BLK_T_GET_ID = 8,
                   VIRTIO_BLK_T_DISCARD = 11, VIRTIO_BLK_T_WRITE_ZEROES = 13;
constexpr uint8_t VIRTIO_BLK_S_OK = 0, VIRTIO_BLK_S_IOERR = 1, VIRTIO_BLK_S_UNSUPP = 2;
// §5.2.4 struct virtio_blk_config: capacity at 0 (le64, 512-byte sectors).
constexpr uint32_t kBlkCapacity = 0;

// §5.1.3 network feature bits; §5.1.4 struct virtio_net_config: mac[6] at 0, le16 status at 6,
// le16 max_virtqueue_pairs at 8, le16 mtu at 10.
constexpr unsigned VIRTIO_NET_F_CSUM = 0, VIRTIO_NET_F_GUEST_CSUM = 1, VIRTIO_NET_F_MTU = 3,
                   VIRTIO_NET_F_MAC = 5, VIRTIO_NET_F_MRG_RXBUF = 15, VIRTIO_NET_F_STATUS = 16,
                   VIRTIO_NET_F_CTRL_VQ = 17;
constexpr uint32_t kNetMac = 0, kNetStatus = 6, kNetMaxVirtqueuePairs = 8, kNetMtu = 10;
constexpr uint16_t VIRTIO_NET_S_LINK_UP = 1;
// §5.1.2 virtqueues: receiveq1 = 0, transmitq1 = 1.
constexpr unsigned kNetReceiveq = 0, kNetTransmitq = 1;
// §5.1.6 struct virtio_net_hdr (VERSION_1): flags, gso_type, le16 hdr_len, gso_size, csum_start,
// csum_offset, num_buffers (at 10): 12 bytes.
constexpr uint32_t kNetHdrBytes = 12, kNetHdrNumBuffers = 10;
constexpr uint8_t VIRTIO_NET_HDR_F_NEEDS_CSUM = 1, VIRTIO_NET_HDR_F_DATA_VALID = 2,
                  VIRTIO_NET_HDR_GSO_NONE = 0, VIRTIO_NET_HDR_GSO_TCPV4 = 1;

}  // namespace virtio_spec
