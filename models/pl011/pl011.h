// ARM PrimeCell UART (PL011), revision r1p5, after the PrimeCell UART (PL011) Technical
// Reference Manual, ARM DDI 0183G ("TRM" below). Chapter 3 (Programmers Model) is the
// register map; section numbers name the register descriptions.
//
// Modelled: the register file, 32-entry transmit and receive FIFOs (r1p5, TRM 1.1 "Features of
// the UART"; earlier revisions had 16 — Linux and FreeBSD read PeriphID2's revision field and
// use 32 for revision 3 = r1p5), FIFO disable (one-character holding registers), the five trigger levels
// of UARTIFLS, the receive, transmit and receive-timeout interrupts, overrun, loopback
// (UARTCR.LBE), UARTEN/TXE/RXE. Transmission is instantaneous: a character written while the
// transmitter is enabled leaves the FIFO at once (BUSY reads 0, TXFE 1). Characters written
// while it is disabled wait in the TX FIFO and go out when UARTEN and TXE are both set
// (TRM 3.3.8). Reception is flow-controlled: the backend holds input until the receiver is
// enabled and the FIFO has room, so framing, parity and break errors never occur and the modem
// inputs are constant: CTS, DSR and DCD asserted (a connected null-modem line), RI deasserted.
// The IrDA, DMA and test registers are stored or read as zero; no DMA requests are made.
// Software must set UARTEN (reset UARTCR = 0x300) before output appears, as on hardware: a
// polling writer that waits for BUSY to clear (Linux earlycon) waits forever otherwise, so
// firmware or the boot stub enables the UART, as on real boards.
#pragma once
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <tlm_utils/simple_target_socket.h>

#include "core/device.h"
#include "core/properties.h"
#include "core/register_bank.h"
#include "models/chardev/char_backend.h"

namespace vp {

namespace pl011 {

// Register offsets, TRM 3.2 Table 3-1.
enum Offset : uint32_t {
    UARTDR = 0x000,         // 3.3.1 data
    UARTRSR = 0x004,        // 3.3.2 receive status (read) / UARTECR error clear (write)
    UARTFR = 0x018,         // 3.3.3 flags
    UARTILPR = 0x020,       // 3.3.4 IrDA low-power counter
    UARTIBRD = 0x024,       // 3.3.5 integer baud rate divisor
    UARTFBRD = 0x028,       // 3.3.6 fractional baud rate divisor
    UARTLCR_H = 0x02C,      // 3.3.7 line control
    UARTCR = 0x030,         // 3.3.8 control
    UARTIFLS = 0x034,       // 3.3.9 interrupt FIFO level select
    UARTIMSC = 0x038,       // 3.3.10 interrupt mask set/clear
    UARTRIS = 0x03C,        // 3.3.11 raw interrupt status
    UARTMIS = 0x040,        // 3.3.12 masked interrupt status
    UARTICR = 0x044,        // 3.3.13 interrupt clear
    UARTDMACR = 0x048,      // 3.3.14 DMA control
    UARTPeriphID0 = 0xFE0,  // 3.3.15 peripheral identification
    UARTPeriphID1 = 0xFE4,
    UARTPeriphID2 = 0xFE8,
    UARTPeriphID3 = 0xFEC,
    UARTPCellID0 = 0xFF0,  // 3.3.16 PrimeCell identification
    UARTPCellID1 = 0xFF4,
    UARTPCellID2 = 0xFF8,
    UARTPCellID3 = 0xFFC,
};

// UARTDR read bits 11:8 and UARTRSR bits 3:0 (3.3.1, 3.3.2): error flags.
enum DrBits : uint32_t { DR_FE = 1u << 8, DR_PE = 1u << 9, DR_BE = 1u << 10, DR_OE = 1u << 11 };
enum RsrBits : uint32_t { RSR_FE = 1u << 0, RSR_PE = 1u << 1, RSR_BE = 1u << 2, RSR_OE = 1u << 3 };

// UARTFR (3.3.3).
enum FrBits : uint32_t {
    FR_CTS = 1u << 0,   // clear to send (inverted nUARTCTS)
    FR_DSR = 1u << 1,   // data set ready
    FR_DCD = 1u << 2,   // data carrier detect
    FR_BUSY = 1u << 3,  // transmitting: set while the TX FIFO is not empty
    FR_RXFE = 1u << 4,  // receive FIFO (or holding register) empty
    FR_TXFF = 1u << 5,  // transmit FIFO (or holding register) full
    FR_RXFF = 1u << 6,  // receive FIFO (or holding register) full
    FR_TXFE = 1u << 7,  // transmit FIFO (or holding register) empty
    FR_RI = 1u << 8,    // ring indicator
};

// UARTLCR_H (3.3.7).
enum LcrHBits : uint32_t { LCR_BRK = 1u << 0, LCR_PEN = 1u << 1, LCR_FEN = 1u << 4 };

// UARTCR (3.3.8); bits 6:3 are reserved.
enum CrBits : uint32_t {
    CR_UARTEN = 1u << 0,
    CR_SIREN = 1u << 1,
    CR_SIRLP = 1u << 2,
    CR_LBE = 1u << 7,  // loopback: transmitted characters are received
    CR_TXE = 1u << 8,
    CR_RXE = 1u << 9,
    CR_DTR = 1u << 10,
    CR_RTS = 1u << 11,
};

// UARTIMSC/RIS/MIS/ICR bit positions (3.3.10 - 3.3.13).
enum IntBits : uint32_t {
    INT_RI = 1u << 0,
    INT_CTS = 1u << 1,
    INT_DCD = 1u << 2,
    INT_DSR = 1u << 3,
    INT_RX = 1u << 4,   // receive
    INT_TX = 1u << 5,   // transmit
    INT_RT = 1u << 6,   // receive timeout
    INT_FE = 1u << 7,   // framing error
    INT_PE = 1u << 8,   // parity error
    INT_BE = 1u << 9,   // break error
    INT_OE = 1u << 10,  // overrun error
    INT_ALL = 0x7FF,
};

constexpr unsigned kFifoDepth = 32;  // r1p5: 32 entries (TRM 1.1 "Features of the UART")
// UARTIFLS RXIFLSEL (bits 5:3) / TXIFLSEL (bits 2:0): b000..b100 = 1/8, 1/4, 1/2, 3/4, 7/8.
unsigned fifo_trigger_level(unsigned ifls_field);

}  // namespace pl011

class Pl011 : public Device {
public:
    tlm_utils::simple_target_socket<RegisterBank> socket{"socket"};
    IrqOut intr;  // UARTINTR: OR of the masked interrupts (TRM "Interrupts", UARTINTR)

    // Properties: backend (character backend spec), clock (UARTCLK frequency).
    Pl011(const sc_core::sc_module_name& name, const DeviceConfig& config);
    ~Pl011() override;
    static const std::vector<PropertySpec>& properties();

    TargetSocket& target_socket(unsigned index) override;
    IrqOut* irq_output(unsigned index) override { return index == 0 ? &intr : nullptr; }
    void write_dtb(DtbWriter& dtb) const override;
    void save_state(StateWriter& out) const override;
    void load_state(StateReader& in) override;

    // The serial line delivers one character (what the backend does). Ignores flow control:
    // a character arriving at a full FIFO is an overrun.
    void receive_char(uint8_t c);
    size_t rx_room() const;  // characters the receiver can take now (0 when disabled)
    CharBackend& backend() { return *backend_; }
    CharBackend* char_backend() override { return backend_.get(); }
    // As the console, firmware enables the UART: UARTCR = UARTEN | TXE | RXE.
    std::vector<RegisterWrite> console_setup() const override {
        return {{pl011::UARTCR, pl011::CR_UARTEN | pl011::CR_TXE | pl011::CR_RXE}};
    }
    // 32 bit periods at the current divisor: the receive timeout (TRM "Interrupts", UARTRTINTR).
    sc_core::sc_time rx_timeout() const;

private:
    std::vector<Register> registers();
    void reset();

    // Register side effects (the bank stores the writable bits first).
    uint32_t read_dr();
    uint32_t peek_dr() const;
    uint32_t read_fr() const;
    void write_dr(uint32_t v);
    void write_ecr();
    void write_lcr_h();
    void write_cr();
    void write_ifls();
    void write_icr(uint32_t v);

    bool fifo_enabled() const { return lcr_h_ & pl011::LCR_FEN; }
    unsigned fifo_capacity() const { return fifo_enabled() ? pl011::kFifoDepth : 1; }
    unsigned rx_trigger() const;
    unsigned tx_trigger() const;
    bool tx_enabled() const;
    void push_rx(uint32_t entry);
    void transmit();  // drains the TX FIFO when the transmitter is enabled
    void on_rx_timeout();
    void update();  // recomputes UARTINTR

    std::unique_ptr<CharBackend> backend_;
    double clock_hz_;
    std::deque<uint32_t> rx_fifo_;  // 12-bit entries: data and error bits 11:8
    std::deque<uint8_t> tx_fifo_;
    bool overrun_pending_ = false;  // the next character stored carries DR_OE
    uint32_t divisor_latched_ = 0;  // 64 * IBRD + FBRD, latched by a UARTLCR_H write (3.3.7)
    sc_core::sc_event rx_timeout_event_;
    sc_core::sc_time rx_timeout_at_ = sc_core::sc_max_time();  // rx_timeout_event_'s time; max: none

    uint32_t rsr_ = 0, ilpr_ = 0, ibrd_ = 0, fbrd_ = 0, lcr_h_ = 0, cr_ = 0, ifls_ = 0, imsc_ = 0, ris_ = 0,
             dmacr_ = 0;
    RegisterBank regs_;  // TRM 3.2 Table 3-1
};

}  // namespace vp
