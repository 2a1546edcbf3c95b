// Hostile inputs built by the tests themselves: ELF64 and arm64 Image files written field by
// field at the offsets the formats define (ELF-64 Object File Format; Linux
// Documentation/arch/arm64/booting.rst), flattened device trees (Devicetree Specification
// chapter 5), gzip streams (RFC 1952) including bombs, sparse files; and the virt machine
// they are loaded into.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "platform/platform.h"

namespace vp::test {

// Little- and big-endian stores into a byte buffer.
void poke16(std::vector<uint8_t>& b, size_t off, uint16_t v);
void poke32(std::vector<uint8_t>& b, size_t off, uint32_t v);
void poke64(std::vector<uint8_t>& b, size_t off, uint64_t v);
void poke32_be(std::vector<uint8_t>& b, size_t off, uint32_t v);
uint32_t peek32_be(const std::vector<uint8_t>& b, size_t off);

// ELF64 header fields (offsets in the file) and program header fields (offsets in an entry).
namespace elf {
constexpr size_t e_type = 16, e_machine = 18, e_version = 20, e_entry = 24, e_phoff = 32, e_phentsize = 54,
                 e_phnum = 56;
constexpr size_t ehdr_size = 64, phdr_size = 56;
constexpr size_t p_type = 0, p_offset = 8, p_vaddr = 16, p_paddr = 24, p_filesz = 32, p_memsz = 40;
constexpr uint32_t pt_load = 1;
constexpr uint16_t et_exec = 2, em_aarch64 = 183;
}  // namespace elf

struct Phdr {
    uint64_t offset = 0, paddr = 0, filesz = 0, memsz = 0;
    uint32_t type = elf::pt_load;
};

// An AArch64 ELF64 executable: header, the program headers right after it (e_phoff = 64),
// then payload bytes (byte i of the file is uint8_t(i * 13 + 7)) up to `file_size`.
std::vector<uint8_t> elf_file(uint64_t entry, const std::vector<Phdr>& phdrs, size_t file_size);
// Offset of program header `i` in a file from elf_file().
constexpr size_t phdr_at(size_t i) {
    return elf::ehdr_size + i * elf::phdr_size;
}

// An arm64 Image: code0/code1, text_offset @8, image_size @16, flags @24, magic "ARM\x64" @56,
// the rest of the file a byte pattern.
std::vector<uint8_t> image_file(uint64_t text_offset, uint64_t image_size, uint64_t flags, size_t file_size);

// A small valid flattened device tree (root with #address-cells/#size-cells, /chosen and a
// memory node), written with libfdt's sequential-write API.
std::vector<uint8_t> small_dtb();
// Header fields of a flattened device tree (big-endian, Devicetree Specification 5.2).
namespace fdt {
constexpr size_t totalsize = 4, off_dt_struct = 8, off_dt_strings = 12, off_mem_rsvmap = 16, version = 20,
                 last_comp_version = 24, size_dt_strings = 32, size_dt_struct = 36;
}

// gzip of `data` (one member).
std::vector<uint8_t> gzip(const std::vector<uint8_t>& data);
// A gzip stream that inflates to `head` followed by zeros, `total` bytes in all (a multiple of
// 1 MiB), built without holding its output: a "gzip bomb" of about total / 1000 bytes.
std::vector<uint8_t> gzip_bomb(const std::vector<uint8_t>& head, uint64_t total);

// A fresh directory for this test's files.
std::string test_dir();
std::string write_file(const std::string& name, const std::vector<uint8_t>& bytes);
// A sparse file of `size` bytes whose first bytes are `head` (the rest a hole reading zero).
std::string sparse_file(const std::string& name, uint64_t size, const std::vector<uint8_t>& head);

// The peak resident set size of this process so far, in bytes (getrusage ru_maxrss).
uint64_t peak_rss();

// platforms/virt.yaml (4 GiB RAM at 0x40000000, boot ROM at 0) with one core, the UART on
// the null backend and `overrides` ("-s" texts such as "boot.kernel=/tmp/x"), the guest
// loaded. Throws what building or loading threw.
struct BootedVirt {
    std::unique_ptr<vp::Platform> platform;
    vp::BootPlan plan;
    std::vector<uint8_t> read(uint64_t addr, size_t len) const;
};
BootedVirt boot_virt(const std::vector<std::string>& overrides);

// Expects boot_virt(overrides) to throw a ConfigError naming `key` whose message contains
// every one of `words`. Returns the message.
std::string expect_boot_error(const std::vector<std::string>& overrides, const std::string& key,
                              const std::vector<std::string>& words);

constexpr uint64_t kRamBase = 0x40000000;  // platforms/virt.yaml
constexpr uint64_t k2MiB = 2u << 20;

}  // namespace vp::test
