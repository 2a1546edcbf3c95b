#pragma once
#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

#include "iss/core/op.h"

namespace vp::iss {

struct CpuState;
struct IndirectEntry;
struct TB;

// One chain link from a block's exit slot, threaded into the list of links that point at its
// target, so that unlinking either end costs O(1).
struct TbLink {
    TB* from = nullptr;  // the block whose exit slot this is
    TbLink* prev = nullptr;
    TbLink* next = nullptr;
};

// A translation block: pre-decoded ops of one guest basic block, all on one 4 KiB page.
struct TB {
    uint64_t pc = 0;   // guest virtual start address (the ops embed virtual PCs)
    uint64_t pa = 0;   // guest physical start address (invalidation by physical page)
    uint64_t key = 0;  // translation state (see Cpu::state_key)
    uint32_t n_insns = 0;
    bool valid = true;
    std::array<TB*, 2> link{};        // chained successors per exit slot
    std::array<TbLink, 2> link_in{};  // link[s]'s entry in link[s]->incoming
    uint64_t link_epoch = 0;          // Cpu mapping epoch its links to other pages were made in
    TbLink* incoming = nullptr;       // the links that point at this TB
    std::vector<Op> ops;
    // Host code of the x86-64 tier (CpuConfig::engine = jit), once compiled; null: interpreted.
    const void* host = nullptr;  // entered through x64::BlockCompiler::enter
    uint32_t host_size = 0;      // bytes of host code at `host`
    bool host_tried = false;
    // The x86-64 tier's patched link per direct exit slot (x64 emit_exit), in the writable view of
    // its host code: the imm32 its budget test compares with (the successor's length while linked,
    // kUnlinkedFits else, so that the exit always leaves) and the rel32 of the jump to the
    // successor's host code; `exec_delta` turns a writable address into the executable one.
    struct HostExit {
        uint8_t* fits = nullptr;
        uint8_t* jump = nullptr;
    };
    static constexpr int32_t kUnlinkedFits = 0x7fffffff;  // above any host budget (Cpu::run)
    std::array<HostExit, 2> host_exit{};
    uint32_t ic_epoch = 0;  // TbCache::ic_epoch when its guest words were last known unchanged
    std::ptrdiff_t exec_delta = 0;

    // The 4-byte words of guest code it was translated from (a breakpoint block covers the one
    // instruction it stops at).
    unsigned first_word() const { return unsigned(pa & 0xfff) >> 2; }
    unsigned n_words() const { return n_insns ? n_insns : 1; }
};

// TB cache: direct-mapped jump cache in front of a hash map keyed by (virtual pc, physical pc,
// state key), plus per physical page the TBs on it and a bitmap of the words they were translated
// from, so that a store invalidates exactly the TBs whose bytes it overwrites and a store beside
// code (data sharing a page with code) invalidates nothing.
class TbCache {
public:
    static constexpr unsigned kJumpBits = 15;

    TB* lookup(uint64_t pc, uint64_t pa, uint64_t key) {
        TB*& j = jump_[index(pc)];
        if (j && j->pc == pc && j->pa == pa && j->key == key) return j;
        auto it = map_.find(Key{pc, pa, key});
        if (it == map_.end()) return nullptr;
        j = it->second.get();
        return j;
    }
    TB* insert(std::unique_ptr<TB> tb);
    bool page_has_code(uint64_t page) const { return pages_.count(page) != 0; }
    // Invalidates every TB on the page; returns true if any was removed.
    bool invalidate_page(uint64_t page);
    // Invalidates the TBs translated from any byte of [pa, pa + size), which lies in one page;
    // returns true if any was removed.
    bool invalidate_bytes(uint64_t pa, unsigned size);
    void invalidate_all();
    // IC IALLU: every block becomes suspect, to be entered again only once its guest words are found
    // unchanged (Cpu::checked_tb): no chain link or indirect-cache entry leads into it until then.
    void suspect_all();
    bool suspect(const TB* tb) const { return tb->ic_epoch != ic_epoch_; }
    void clear_suspect(TB* tb) const { tb->ic_epoch = ic_epoch_; }
    // The counts (CodeTracker::code_page_counts, `slots` of them, a power of two) this cache adds
    // its code pages to while it holds blocks on them.
    void count_pages_in(uint16_t* counts, unsigned slots) {
        page_counts_ = counts;
        page_mask_ = slots - 1;
    }
    // The indirect-branch cache (CpuState::indirect, `entries` of them) whose entries this cache
    // empties when it retires the blocks they name.
    void follow_indirect(IndirectEntry* table, unsigned entries) {
        indirect_ = table;
        indirect_mask_ = entries - 1;
    }
    // Drops the outgoing chain links of `tb` (made under a virtual-to-physical mapping that has
    // changed since).
    static void unlink_out(TB* tb) {
        for (int s = 0; s < 2; ++s) unlink(tb, s);
    }
    // A link to a block on the same virtual page stays right under any mapping: the block that
    // takes it was entered at its virtual pc under the current mapping, so the page's physical
    // page is its own. Only links to other pages go stale when the mapping changes.
    static bool same_page(uint64_t a, uint64_t b) { return (a >> 12) == (b >> 12); }
    static void unlink_other_pages(TB* tb) {
        for (int s = 0; s < 2; ++s)
            if (tb->link[s] && !same_page(tb->link[s]->pc, tb->pc)) unlink(tb, s);
    }
    static void chain(TB* from, int slot, TB* to) {
        unlink(from, slot);
        TbLink& l = from->link_in[slot];
        l = {from, nullptr, to->incoming};
        if (to->incoming) to->incoming->prev = &l;
        to->incoming = &l;
        from->link[slot] = to;
        patch_host_exit(from, slot);
    }
    // Points `from`'s host exit through `slot` at its linked successor's host code, when both
    // have host code (Cpu::jit_compile patches again once the successor has it).
    static void patch_host_exit(TB* from, int slot) {
        const TB::HostExit& x = from->host_exit[size_t(slot)];
        const TB* to = from->link[size_t(slot)];
        if (!x.jump || !to || !to->host) return;
        const int32_t fits = int32_t(to->n_insns ? to->n_insns : 1);
        const auto rel = int32_t(static_cast<const uint8_t*>(to->host) - (x.jump + from->exec_delta + 4));
        std::memcpy(x.jump, &rel, 4);
        std::memcpy(x.fits, &fits, 4);
    }
    // Frees invalidated TBs; only called when no TB is executing.
    void reap() { graveyard_.clear(); }
    size_t size() const { return map_.size(); }

private:
    struct Key {
        uint64_t pc, pa, key;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        size_t operator()(const Key& k) const {
            return ((k.pc >> 2) * 0x9E3779B97F4A7C15ull) ^ (k.pa * 0xC2B2AE3D27D4EB4Full) ^ k.key;
        }
    };
    static void unlink(TB* from, int slot) {
        TB* to = from->link[slot];
        if (!to) return;
        TbLink& l = from->link_in[slot];
        (l.prev ? l.prev->next : to->incoming) = l.next;
        if (l.next) l.next->prev = l.prev;
        l = {};
        from->link[slot] = nullptr;
        if (uint8_t* fits = from->host_exit[size_t(slot)].fits) std::memcpy(fits, &TB::kUnlinkedFits, 4);
    }
    static unsigned index(uint64_t pc) { return (pc >> 2) & ((1u << kJumpBits) - 1); }
    void retire(TB* tb);
    void empty_indirect();  // every entry of the indirect-branch cache

    std::array<TB*, 1u << kJumpBits> jump_{};
    uint32_t ic_epoch_ = 0;
    std::unordered_map<Key, std::unique_ptr<TB>, KeyHash> map_;
    struct CodePage {
        std::vector<TB*> tbs;
        std::bitset<1024> words;  // 4 KiB / 4: translated words, the union over tbs
    };
    static void mark(CodePage& p, const TB* tb) {
        for (unsigned w = tb->first_word(), e = w + tb->n_words(); w < e && w < 1024; ++w) p.words.set(w);
    }
    std::unordered_map<uint64_t, CodePage> pages_;
    std::vector<std::unique_ptr<TB>> graveyard_;
    void page_added(uint64_t page) {
        if (page_counts_) ++page_counts_[page & page_mask_];
    }
    void page_removed(uint64_t page) {
        if (page_counts_) --page_counts_[page & page_mask_];
    }
    uint16_t* page_counts_ = nullptr;
    unsigned page_mask_ = 0;
    IndirectEntry* indirect_ = nullptr;
    unsigned indirect_mask_ = 0;
};

}  // namespace vp::iss
