// PL011 registers, FIFOs and flags against the PL011 TRM (ARM DDI 0183G, r1p5), through a
// real TLM socket. Expected values are the TRM's; section numbers name where they come from.
#include <gtest/gtest.h>
#include <libfdt.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "pl011_test_util.h"
#include "core/model_registry.h"

using namespace pl011_test;

namespace {
std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
std::string temp_path(const char* tag) {
    return "/tmp/vp_pl011_" + std::to_string(::getpid()) + tag;
}
}  // namespace

TEST(Pl011Regs, ResetValuesFollowTable3_1) {
    Uart u;
    EXPECT_EQ(u.rd(UARTRSR), 0u);
    // UARTFR reset 0b-10010---: TXFE=1, RXFF=0, TXFF=0, RXFE=1, BUSY=0; modem bits follow the
    // (constant) inputs: CTS, DSR, DCD asserted, RI not.
    EXPECT_EQ(u.rd(UARTFR) & 0xF8u, 0x90u);
    EXPECT_EQ(u.rd(UARTFR) & 0x107u, 0x007u);
    EXPECT_EQ(u.rd(UARTILPR), 0u);
    EXPECT_EQ(u.rd(UARTIBRD), 0u);
    EXPECT_EQ(u.rd(UARTFBRD), 0u);
    EXPECT_EQ(u.rd(UARTLCR_H), 0u);
    EXPECT_EQ(u.rd(UARTCR), 0x300u);   // TXE and RXE set, UART disabled
    EXPECT_EQ(u.rd(UARTIFLS), 0x12u);  // both trigger levels 1/2
    EXPECT_EQ(u.rd(UARTIMSC), 0u);
    EXPECT_EQ(u.rd(UARTRIS), 0u);
    EXPECT_EQ(u.rd(UARTMIS), 0u);
    EXPECT_EQ(u.rd(UARTDMACR), 0u);
    EXPECT_FALSE(u.line());
}

TEST(Pl011Regs, IdentificationRegistersAreR1p5) {
    Uart u;
    // 3.3.15: part 0x011, designer 0x41, revision 3 = r1p5, configuration 0.
    EXPECT_EQ(u.rd(UARTPeriphID0), 0x11u);
    EXPECT_EQ(u.rd(UARTPeriphID1), 0x10u);
    EXPECT_EQ(u.rd(UARTPeriphID2), 0x34u);
    EXPECT_EQ(u.rd(UARTPeriphID3), 0x00u);
    // 3.3.16: 0xB105F00D.
    EXPECT_EQ(u.rd(UARTPCellID0), 0x0Du);
    EXPECT_EQ(u.rd(UARTPCellID1), 0xF0u);
    EXPECT_EQ(u.rd(UARTPCellID2), 0x05u);
    EXPECT_EQ(u.rd(UARTPCellID3), 0xB1u);
}

TEST(Pl011Regs, WritableFieldWidths) {
    Uart u;
    const struct {
        uint32_t off, bits;
    } regs[] = {
        {UARTILPR, 0xFF}, {UARTIBRD, 0xFFFF}, {UARTFBRD, 0x3F}, {UARTLCR_H, 0xFF},
        {UARTIFLS, 0x3F}, {UARTIMSC, 0x7FF},  {UARTDMACR, 0x7},
    };
    for (auto r : regs) {
        u.wr(r.off, 0xFFFFFFFF);
        EXPECT_EQ(u.rd(r.off), r.bits) << std::hex << r.off;
        u.wr(r.off, 0);
        EXPECT_EQ(u.rd(r.off), 0u) << std::hex << r.off;
    }
    u.wr(UARTCR, 0xFFFFFFFF);  // bits 6:3 reserved
    EXPECT_EQ(u.rd(UARTCR), 0xFF87u);
}

TEST(Pl011Regs, ReadOnlyRegistersIgnoreWrites) {
    Uart u;
    for (uint32_t off : {UARTFR, UARTRIS, UARTMIS, UARTPeriphID0, UARTPCellID3}) {
        uint32_t before = u.rd(off);
        EXPECT_TRUE(u.cpu.write(off, 0xFFFFFFFF).ok());
        EXPECT_EQ(u.rd(off), before) << std::hex << off;
    }
    EXPECT_EQ(u.rd(UARTICR), 0u);  // write-only
}

TEST(Pl011Regs, UnmappedOffsetsAreRazWi) {
    Uart u;
    for (uint32_t off : {0x008u, 0x00Cu, 0x010u, 0x014u, 0x01Cu, 0x04Cu, 0x080u, 0x400u, 0xFDCu}) {
        auto w = u.cpu.write(off, 0xFFFFFFFF);
        EXPECT_TRUE(w.ok()) << std::hex << off;
        auto r = u.cpu.read(off);
        EXPECT_TRUE(r.ok()) << std::hex << off;
        EXPECT_EQ(r.data, 0u) << std::hex << off;
    }
    EXPECT_EQ(u.rd(UARTCR), 0x300u);  // nothing else changed
}

TEST(Pl011Regs, SubWordAccessesAndBadSizes) {
    Uart u;
    EXPECT_EQ(u.cpu.read(UARTCR + 1, 1).data, 0x03u);  // byte 1 of 0x300
    EXPECT_EQ(u.cpu.read(UARTIFLS, 2).data, 0x12u);
    EXPECT_TRUE(u.cpu.write(UARTIBRD + 1, 0x12, 1).ok());
    EXPECT_EQ(u.rd(UARTIBRD), 0x1200u);
    EXPECT_EQ(u.cpu.read(UARTDR, 8).status, tlm::TLM_BURST_ERROR_RESPONSE);
    EXPECT_EQ(u.cpu.read(UARTCR + 2, 4).status, tlm::TLM_BURST_ERROR_RESPONSE);
}

// A debugger's read of UARTDR shows the next character without taking it from the FIFO.
TEST(Pl011Regs, DebugReadOfDrDoesNotPopTheFifo) {
    Uart u;
    u.enable();
    u.dev.receive_char('a');
    uint32_t v = 0;
    EXPECT_EQ(u.cpu.debug(tlm::TLM_READ_COMMAND, UARTDR, &v, 4), 4u);
    EXPECT_EQ(v, static_cast<uint32_t>('a'));
    EXPECT_EQ(u.rd(UARTFR) & FR_RXFE, 0u);
    EXPECT_EQ(u.rd(UARTDR), static_cast<uint32_t>('a'));
    EXPECT_EQ(u.rd(UARTFR) & FR_RXFE, FR_RXFE);
}

TEST(Pl011Fifo, FlagsAsTheReceiveFifoFillsAndEmpties) {
    Uart u;
    u.enable();
    EXPECT_EQ(u.dev.rx_room(), 32u);  // r1p5: 32-entry receive FIFO
    for (int i = 0; i < 31; ++i) u.dev.receive_char(static_cast<uint8_t>('A' + i % 26));
    EXPECT_EQ(u.rd(UARTFR) & (FR_RXFE | FR_RXFF), 0u);
    u.dev.receive_char('!');
    EXPECT_EQ(u.rd(UARTFR) & (FR_RXFE | FR_RXFF), FR_RXFF);
    EXPECT_EQ(u.dev.rx_room(), 0u);
    for (int i = 0; i < 31; ++i) EXPECT_EQ(u.rd(UARTDR), static_cast<uint32_t>('A' + i % 26));
    EXPECT_EQ(u.rd(UARTFR) & (FR_RXFE | FR_RXFF), 0u);
    EXPECT_EQ(u.rd(UARTDR), static_cast<uint32_t>('!'));
    EXPECT_EQ(u.rd(UARTFR) & (FR_RXFE | FR_RXFF), FR_RXFE);
}

TEST(Pl011Fifo, OverrunSetsOeInRsrRisAndTheNextDataRead) {
    Uart u;
    u.enable();
    for (int i = 0; i < 32; ++i) u.dev.receive_char(static_cast<uint8_t>(i));
    EXPECT_EQ(u.rd(UARTRSR) & RSR_OE, 0u);
    u.dev.receive_char('X');  // FIFO full: lost, overrun
    EXPECT_EQ(u.rd(UARTRSR) & RSR_OE, RSR_OE);
    EXPECT_EQ(u.rd(UARTRIS) & INT_OE, INT_OE);
    for (int i = 0; i < 32; ++i) EXPECT_EQ(u.rd(UARTDR), static_cast<uint32_t>(i));  // contents intact
    u.dev.receive_char('Y');
    EXPECT_EQ(u.rd(UARTDR), DR_OE | 'Y');
    u.wr(UARTRSR, 0);  // UARTECR: any write clears
    EXPECT_EQ(u.rd(UARTRSR), 0u);
}

TEST(Pl011Fifo, DisabledFifoIsAOneCharacterHoldingRegister) {
    Uart u;
    u.enable(false);
    EXPECT_EQ(u.dev.rx_room(), 1u);
    u.dev.receive_char('a');
    EXPECT_EQ(u.rd(UARTFR) & (FR_RXFE | FR_RXFF), FR_RXFF);
    u.dev.receive_char('b');
    EXPECT_EQ(u.rd(UARTRSR) & RSR_OE, RSR_OE);
    EXPECT_EQ(u.rd(UARTDR), static_cast<uint32_t>('a'));
    EXPECT_EQ(u.rd(UARTFR) & FR_RXFE, FR_RXFE);
}

TEST(Pl011Tx, WriteToDrAppearsInTheFileBackend) {
    const std::string path = temp_path("_tx.txt");
    {
        Uart u("file:" + path);
        u.enable();
        u.wr(UARTDR, 'h');
        EXPECT_TRUE(u.cpu.write(UARTDR, 'i', 1).ok());  // byte write, as earlycon does
        // Transmission is immediate: TXFE=1, BUSY=0 (3.3.3).
        EXPECT_EQ(u.rd(UARTFR) & (FR_TXFE | FR_BUSY | FR_TXFF), FR_TXFE);
    }
    EXPECT_EQ(slurp(path), "hi");
    std::remove(path.c_str());
}

TEST(Pl011Tx, DisabledTransmitterHoldsCharactersUntilEnabled) {
    const std::string path = temp_path("_hold.txt");
    Uart u("file:" + path);
    u.wr(UARTLCR_H, LCR_FEN);
    u.wr(UARTCR, CR_TXE);  // UARTEN = 0: nothing is sent (3.3.8)
    u.wr(UARTDR, 'o');
    u.wr(UARTDR, 'k');
    // BUSY is set as soon as the TX FIFO is non-empty, enabled or not (3.3.3).
    EXPECT_EQ(u.rd(UARTFR) & (FR_TXFE | FR_BUSY), FR_BUSY);
    EXPECT_EQ(slurp(path), "");
    u.wr(UARTCR, CR_UARTEN | CR_TXE);
    EXPECT_EQ(slurp(path), "ok");
    EXPECT_EQ(u.rd(UARTFR) & (FR_TXFE | FR_BUSY), FR_TXFE);
    std::remove(path.c_str());
}

TEST(Pl011Tx, TransmitFifoFullFlag) {
    Uart u;
    u.wr(UARTLCR_H, LCR_FEN);
    u.wr(UARTCR, 0);
    for (int i = 0; i < 31; ++i) u.wr(UARTDR, 'x');
    EXPECT_EQ(u.rd(UARTFR) & FR_TXFF, 0u);
    u.wr(UARTDR, 'x');
    EXPECT_EQ(u.rd(UARTFR) & FR_TXFF, FR_TXFF);
    u.wr(UARTLCR_H, 0);  // holding register: one character is full
    EXPECT_EQ(u.rd(UARTFR) & FR_TXFF, FR_TXFF);
}

TEST(Pl011Tx, LoopbackFeedsTheReceiver) {
    const std::string path = temp_path("_lbe.txt");
    Uart u("file:" + path);
    u.wr(UARTLCR_H, LCR_FEN);
    u.wr(UARTCR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
    u.wr(UARTDR, 'z');
    EXPECT_EQ(u.rd(UARTDR), static_cast<uint32_t>('z'));
    EXPECT_EQ(slurp(path), "");
    std::remove(path.c_str());
}

TEST(Pl011Rx, DisabledReceiverTakesNoInput) {
    Uart u;
    u.wr(UARTCR, CR_UARTEN | CR_TXE);  // RXE = 0
    EXPECT_EQ(u.dev.rx_room(), 0u);
    u.dev.receive_char('q');
    EXPECT_EQ(u.rd(UARTFR) & FR_RXFE, FR_RXFE);
}

TEST(Pl011Model, RegistryEntry) {
    const vp::ModelInfo* m = vp::ModelRegistry::instance().find("pl011");
    ASSERT_NE(m, nullptr);
    ASSERT_EQ(m->regions.size(), 1u);
    EXPECT_EQ(m->regions[0].name, "regs");
    EXPECT_EQ(m->regions[0].default_size, 0x1000u);
    EXPECT_EQ(m->irqs, std::vector<std::string>{"intr"});
    ASSERT_NE(m->find_prop("backend"), nullptr);
    EXPECT_EQ(m->find_prop("backend")->default_value, "stdio");
    ASSERT_NE(m->find_prop("clock"), nullptr);
    EXPECT_EQ(m->find_prop("clock")->type, vp::PropType::frequency);
    EXPECT_EQ(m->find_prop("clock")->default_value, "24MHz");
}

TEST(Pl011Model, DeviceTreeNodeAsLinuxExpects) {
    Uart u;
    vp::DtbWriter w;
    u.dev.write_dtb(w);
    const uint32_t clk = w.phandle("apb_pclk");
    auto blob = w.finish();
    int node = fdt_path_offset(blob.data(), "/pl011@9000000");
    ASSERT_GE(node, 0);
    int len = 0;
    auto* compat = static_cast<const char*>(fdt_getprop(blob.data(), node, "compatible", &len));
    ASSERT_NE(compat, nullptr);
    EXPECT_EQ(std::string(compat, len), std::string("arm,pl011\0arm,primecell\0", 24));
    auto* names = static_cast<const char*>(fdt_getprop(blob.data(), node, "clock-names", &len));
    ASSERT_NE(names, nullptr);
    EXPECT_EQ(std::string(names, len), std::string("uartclk\0apb_pclk\0", 17));
    auto* clocks = static_cast<const fdt32_t*>(fdt_getprop(blob.data(), node, "clocks", &len));
    ASSERT_EQ(len, 8);
    EXPECT_EQ(fdt32_to_cpu(clocks[0]), clk);
    EXPECT_EQ(fdt32_to_cpu(clocks[1]), clk);
    auto* reg = static_cast<const fdt32_t*>(fdt_getprop(blob.data(), node, "reg", &len));
    ASSERT_EQ(len, 16);
    EXPECT_EQ(fdt32_to_cpu(reg[1]), 0x09000000u);
    EXPECT_EQ(fdt32_to_cpu(reg[3]), 0x1000u);
    auto* irq = static_cast<const fdt32_t*>(fdt_getprop(blob.data(), node, "interrupts", &len));
    ASSERT_EQ(len, 12);
    EXPECT_EQ(fdt32_to_cpu(irq[0]), 0u);  // SPI
    EXPECT_EQ(fdt32_to_cpu(irq[1]), 1u);  // INTID 33 = SPI 1
    EXPECT_EQ(fdt32_to_cpu(irq[2]), 4u);  // level high
}
