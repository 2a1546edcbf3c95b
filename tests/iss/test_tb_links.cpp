// Chain links between translation blocks: invalidating a block unlinks every exit that jumps to
// it, and a link dropped earlier (TbCache::unlink_out after a mapping change) is gone from its
// target's list, so it is neither cleared twice nor left to point at a reaped block.
#include <gtest/gtest.h>

#include <memory>

#include "iss/core/tb.h"

using vp::iss::TB;
using vp::iss::TbCache;

namespace {

// A one-instruction block at guest physical address `pa` (virtual = physical).
TB* add_block(TbCache& cache, uint64_t pa) {
    auto tb = std::make_unique<TB>();
    tb->pc = tb->pa = pa;
    tb->n_insns = 1;
    return cache.insert(std::move(tb));
}

TEST(TbLinks, InvalidatingATargetUnlinksEveryExitIntoIt) {
    TbCache cache;
    TB* target = add_block(cache, 0x1000);
    TB* a = add_block(cache, 0x2000);
    TB* b = add_block(cache, 0x3000);
    TB* c = add_block(cache, 0x4000);
    TbCache::chain(a, 0, target);
    TbCache::chain(b, 1, target);
    TbCache::chain(c, 0, target);
    TbCache::chain(c, 1, b);
    ASSERT_TRUE(cache.invalidate_bytes(0x1000, 4));
    EXPECT_EQ(a->link[0], nullptr);
    EXPECT_EQ(b->link[1], nullptr);
    EXPECT_EQ(c->link[0], nullptr);
    EXPECT_EQ(c->link[1], b);  // a link elsewhere stays
    EXPECT_FALSE(target->valid);
    EXPECT_EQ(target->incoming, nullptr);
}

TEST(TbLinks, AnExitUnlinkedEarlierIsNotTouchedWhenItsOldTargetGoes) {
    TbCache cache;
    TB* target = add_block(cache, 0x1000);
    TB* first = add_block(cache, 0x2000);
    TB* middle = add_block(cache, 0x3000);
    TB* last = add_block(cache, 0x4000);
    TB* other = add_block(cache, 0x5000);
    TbCache::chain(first, 0, target);
    TbCache::chain(middle, 0, target);
    TbCache::chain(last, 0, target);
    TbCache::unlink_out(middle);  // its mapping changed: the link is dropped, not retired
    EXPECT_EQ(middle->link[0], nullptr);
    TbCache::chain(middle, 0, other);  // relinked elsewhere
    ASSERT_TRUE(cache.invalidate_bytes(0x1000, 4));
    EXPECT_EQ(first->link[0], nullptr);
    EXPECT_EQ(last->link[0], nullptr);
    EXPECT_EQ(middle->link[0], other);
}

TEST(TbLinks, InvalidatingASourceRemovesItsLinkFromTheTarget) {
    TbCache cache;
    TB* target = add_block(cache, 0x1000);
    TB* source = add_block(cache, 0x2000);
    TB* keep = add_block(cache, 0x3000);
    TbCache::chain(source, 1, target);
    TbCache::chain(keep, 0, target);
    ASSERT_TRUE(cache.invalidate_bytes(0x2000, 4));
    cache.reap();  // the source's memory is gone
    ASSERT_NE(target->incoming, nullptr);
    EXPECT_EQ(target->incoming->from, keep);
    EXPECT_EQ(target->incoming->next, nullptr);
    ASSERT_TRUE(cache.invalidate_bytes(0x1000, 4));
    EXPECT_EQ(keep->link[0], nullptr);
}

TEST(TbLinks, RechainingASlotMovesItsLink) {
    TbCache cache;
    TB* old_target = add_block(cache, 0x1000);
    TB* new_target = add_block(cache, 0x2000);
    TB* source = add_block(cache, 0x3000);
    TbCache::chain(source, 0, old_target);
    TbCache::chain(source, 0, new_target);
    EXPECT_EQ(old_target->incoming, nullptr);
    ASSERT_TRUE(cache.invalidate_bytes(0x1000, 4));
    EXPECT_EQ(source->link[0], new_target);
}

}  // namespace
