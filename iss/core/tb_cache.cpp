#include "iss/core/tb.h"

#include "iss/core/cpu_state.h"

#include <algorithm>

namespace vp::iss {

TB* TbCache::insert(std::unique_ptr<TB> tb) {
    TB* raw = tb.get();
    auto [it, added] = pages_.try_emplace(raw->pa >> 12);
    if (added) page_added(raw->pa >> 12);
    CodePage& page = it->second;
    page.tbs.push_back(raw);
    mark(page, raw);
    jump_[index(raw->pc)] = raw;
    raw->ic_epoch = ic_epoch_;
    map_[Key{raw->pc, raw->pa, raw->key}] = std::move(tb);
    return raw;
}

void TbCache::retire(TB* tb) {
    tb->valid = false;
    while (TbLink* l = tb->incoming) unlink(l->from, int(l - l->from->link_in.data()));
    unlink_out(tb);
    TB*& j = jump_[index(tb->pc)];
    if (j == tb) j = nullptr;
    if (indirect_ && tb->host) {
        IndirectEntry& e = indirect_[(tb->pc >> 2) & indirect_mask_];
        if (e.host == tb->host) e = IndirectEntry{};
    }
    auto it = map_.find(Key{tb->pc, tb->pa, tb->key});
    if (it != map_.end() && it->second.get() == tb) {
        graveyard_.push_back(std::move(it->second));
        map_.erase(it);
    }
}

bool TbCache::invalidate_page(uint64_t page) {
    auto it = pages_.find(page);
    if (it == pages_.end()) return false;
    std::vector<TB*> tbs = std::move(it->second.tbs);
    pages_.erase(it);
    page_removed(page);
    for (TB* tb : tbs) retire(tb);
    return !tbs.empty();
}

bool TbCache::invalidate_bytes(uint64_t pa, unsigned size) {
    auto it = pages_.find(pa >> 12);
    if (it == pages_.end() || size == 0) return false;
    CodePage& page = it->second;
    const unsigned lo = unsigned(pa & 0xfff) >> 2;
    const unsigned hi = std::min(1023u, unsigned((pa & 0xfff) + size - 1) >> 2);
    bool touched = false;
    for (unsigned w = lo; w <= hi && !touched; ++w) touched = page.words.test(w);
    if (!touched) return false;
    std::vector<TB*> keep;
    page.words.reset();
    for (TB* tb : page.tbs) {
        const unsigned first = tb->first_word(), last = first + tb->n_words() - 1;
        if (first <= hi && last >= lo) {
            retire(tb);
        } else {
            keep.push_back(tb);
            mark(page, tb);
        }
    }
    if (keep.empty()) {
        pages_.erase(it);
        page_removed(pa >> 12);
    } else {
        page.tbs = std::move(keep);
    }
    return true;
}

void TbCache::empty_indirect() {
    if (indirect_)
        for (unsigned i = 0; i <= indirect_mask_; ++i) indirect_[i] = IndirectEntry{};
}

void TbCache::suspect_all() {
    ++ic_epoch_;
    for (auto& [k, tb] : map_) unlink_out(tb.get());
    empty_indirect();
}

void TbCache::invalidate_all() {
    for (auto& [k, tb] : map_) {
        tb->valid = false;
        graveyard_.push_back(std::move(tb));
    }
    map_.clear();
    for (const auto& [page, code] : pages_) page_removed(page);
    pages_.clear();
    jump_.fill(nullptr);
    empty_indirect();
}

}  // namespace vp::iss
