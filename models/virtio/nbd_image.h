// A qcow2 disk image, served by QEMU's own implementation: vp starts qemu-nbd (Debian's
// qemu-utils) on the image with systemd socket activation over a socketpair and talks NBD to it
// through libnbd, one synchronous request at a time. qemu-nbd keeps qcow2's metadata cached
// (writeback), so FLUSH is what puts the guest's writes and the metadata into the host file;
// when vp closes the connection (any ending that runs destructors) qemu-nbd flushes and exits,
// and vp waits for it; if vp dies the socket closes and qemu-nbd does the same on its own.
// qemu-nbd runs in its own process group with signals unblocked, so a terminal's Ctrl-C reaches
// vp only. Read-only: --read-only. Snapshot: qemu-nbd serves the image read-only and the guest's
// writes go to vp's own overlay (snapshot_overlay.h), as for a raw image.
//
// Checkpoints: a read-only or snapshot image is saved as a raw one is: its identity
// (image_identity.h: the virtual size and a CRC-32 of the qcow2 file, which nothing writes) and
// the overlay's sectors. A writable one is refused: qemu-nbd writes the host file, and a
// checkpoint cannot roll it back to the saved moment.
#pragma once
#include <sys/types.h>

#include <memory>

#include "models/virtio/block_image.h"
#include "models/virtio/image_identity.h"
#include "models/virtio/snapshot_overlay.h"

struct nbd_handle;

namespace vp::virtio {

class NbdImage final : public BlockImage {
public:
    NbdImage(const std::string& path, ImageFormat format, bool read_only, bool snapshot);
    ~NbdImage() override;
    NbdImage(const NbdImage&) = delete;
    NbdImage& operator=(const NbdImage&) = delete;

    bool read(uint64_t offset, void* data, size_t len) override;
    bool write(uint64_t offset, const void* data, size_t len) override;
    bool write_zeroes(uint64_t offset, uint64_t len) override;
    bool discard(uint64_t offset, uint64_t len) override;
    bool flush() override;
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

private:
    void start_server(const std::string& program, ImageFormat format, bool writable, int sock);
    void stop_server();
    std::string handshake(int conn);
    bool read_server(uint64_t offset, uint8_t* data, size_t len);

    nbd_handle* nbd_ = nullptr;
    pid_t server_ = -1;
    uint64_t max_request_ = 32u << 20;
    bool can_flush_ = false, can_trim_ = false, can_zero_ = false;
    int file_ = -1;  // the image file, read-only: its identity in checkpoints
    ImageIdentity identity_;
    std::unique_ptr<SnapshotOverlay> overlay_;  // snapshot: where writes go
};

// The qemu-nbd vp runs (VP_QEMU_NBD, else the first on PATH); "" when there is none.
std::string find_qemu_nbd();

}  // namespace vp::virtio
