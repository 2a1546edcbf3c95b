// State streams: fields come back in order, times keep "never", and a read past the end or a
// left-over byte is an error naming the section.
#include <gtest/gtest.h>

#include <string>

#include "core/state_stream.h"

TEST(StateStream, FieldsComeBackInOrder) {
    vp::StateWriter w;
    w.u8(0xA5);
    w.u32(0xDEADBEEF);
    w.u64(0x0123456789ABCDEFull);
    w.boolean(true);
    w.time(sc_core::sc_time(12500, sc_core::SC_MS));
    w.time(sc_core::sc_max_time());
    w.string("uart0");
    EXPECT_EQ(w.data().size(), 1u + 4 + 8 + 1 + 8 + 8 + 8 + 5);
    EXPECT_EQ(w.data()[1], 0xEF);  // little-endian

    vp::StateReader r("device uart0", w.data());
    EXPECT_EQ(r.u8(), 0xA5);
    EXPECT_EQ(r.u32(), 0xDEADBEEFu);
    EXPECT_EQ(r.u64(), 0x0123456789ABCDEFull);
    EXPECT_TRUE(r.boolean());
    EXPECT_EQ(r.time(), sc_core::sc_time(12500, sc_core::SC_MS));
    EXPECT_EQ(r.time(), sc_core::sc_max_time());
    EXPECT_EQ(r.string(), "uart0");
    EXPECT_NO_THROW(r.expect_end());
}

TEST(StateStream, ShortStateNamesTheSection) {
    vp::StateWriter w;
    w.u32(1);
    vp::StateReader r("device rtc", w.data());
    try {
        r.u64();
        FAIL() << "read past the end";
    } catch (const vp::CheckpointError& e) {
        EXPECT_NE(std::string(e.what()).find("device rtc"), std::string::npos) << e.what();
    }
}

TEST(StateStream, LeftOverBytesAndBadFlagsAreRefused) {
    vp::StateWriter w;
    w.u8(2);
    w.u8(0);
    vp::StateReader r("device gpio0", w.data());
    EXPECT_THROW(r.boolean(), vp::CheckpointError);
    EXPECT_THROW(r.expect_end(), vp::CheckpointError);
}
