// Boot files the user names that cannot be used (issue #13 items 7 and 8, and directories):
// refused with the key and the path, before anything large is read.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "crafted.h"

using namespace vp::test;

namespace {

std::string kernel() {
    return "boot.kernel=" + write_file("Image", image_file(0x80000, 0x100000, 0, 0x1000));
}

}  // namespace

TEST(BootFiles, DirectoryAsKernelIsRefused) {
    std::string dir = test_dir();
    expect_boot_error({"boot.kernel=" + dir}, "boot.kernel", {"'" + dir + "' is a directory"});
}

TEST(BootFiles, DirectoryAsInitrdIsRefused) {
    std::string dir = test_dir();
    expect_boot_error({kernel(), "boot.initrd=" + dir}, "boot.initrd", {"'" + dir + "' is a directory"});
}

TEST(BootFiles, DirectoryAsDtbIsRefused) {
    std::string dir = test_dir();
    expect_boot_error({kernel(), "boot.dtb=" + dir}, "boot.dtb", {"'" + dir + "' is a directory"});
}

TEST(BootFiles, InitrdWithoutKernelIsRefused) {
    std::string initrd = write_file("initrd", std::vector<uint8_t>(100, 1));
    expect_boot_error({"boot.initrd=" + initrd}, "boot.initrd", {"no kernel"});
}

// Item 7: the initrd's size is checked against the RAM left after the kernel before it is read.
TEST(BootFiles, HugeSparseInitrdIsRefusedWithoutReadingIt) {
    std::string initrd = sparse_file("initrd-5G", uint64_t(5) << 30, {1, 2, 3});
    uint64_t rss_before = peak_rss();
    auto t0 = std::chrono::steady_clock::now();
    expect_boot_error({kernel(), "boot.initrd=" + initrd}, "boot.initrd", {initrd, "5 GiB", "does not fit"});
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
    EXPECT_LT(peak_rss() - rss_before, uint64_t(64) << 20);
}

TEST(BootFiles, InitrdThatFillsTheRamExactlyLoads) {
    // 16 MiB of RAM: DTB 2 MiB, kernel base 0x40200000 + 0x80000 + 1 MiB, initrd from the next
    // 2 MiB boundary (0x40400000) to the end of RAM (0x41000000): 12 MiB.
    std::string initrd = sparse_file("initrd-12M", 12u << 20, {0x5a});
    auto v = boot_virt({kernel(), "boot.initrd=" + initrd, "memory.ram.size=16M"});
    EXPECT_EQ(v.plan.initrd_start, kRamBase + (4u << 20));
    EXPECT_EQ(v.plan.initrd_end, kRamBase + (16u << 20));
    EXPECT_EQ(v.read(v.plan.initrd_start, 1), std::vector<uint8_t>{0x5a});
}

TEST(BootFiles, InitrdFromAPipeIsReadOnlyUpToTheRoomLeft) {
    // A FIFO has no size to check in advance: reading stops past the 12 MiB the RAM has left.
    std::string fifo = test_dir() + "/initrd.fifo";
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    signal(SIGPIPE, SIG_IGN);
    std::thread writer([&] {
        // Non-blocking open until the loader opens the other end (ENXIO before), for at most 10 s.
        int fd = -1;
        for (int tries = 0; fd < 0 && tries < 1000; ++tries) {
            fd = open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
            if (fd < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (fd < 0) return;
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        std::vector<uint8_t> chunk(1u << 20, 0x11);
        for (int i = 0; i < 64 && write(fd, chunk.data(), chunk.size()) > 0; ++i) {
        }
        close(fd);
    });
    expect_boot_error({kernel(), "boot.initrd=" + fifo, "memory.ram.size=16M"}, "boot.initrd",
                      {fifo, "more than 12 MiB"});
    writer.join();
}
