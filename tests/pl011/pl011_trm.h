// PL011 register offsets and bits as the tests expect them, written out from the PrimeCell UART
// (PL011) Technical Reference Manual, ARM DDI 0183G (r1p5), chapter 3 "Programmers Model" (the
// model's own models/pl011/pl011.h is deliberately not used: a wrong offset there must fail).
#pragma once
#include <cstdint>

namespace pl011_trm {

// Table 3-1 "UART register summary".
constexpr uint32_t UARTDR = 0x000;     // 3.3.1 data
constexpr uint32_t UARTRSR = 0x004;    // 3.3.2 receive status (read) / UARTECR error clear (write)
constexpr uint32_t UARTFR = 0x018;     // 3.3.3 flags
constexpr uint32_t UARTILPR = 0x020;   // 3.3.4 IrDA low-power counter
constexpr uint32_t UARTIBRD = 0x024;   // 3.3.5 integer baud rate
constexpr uint32_t UARTFBRD = 0x028;   // 3.3.6 fractional baud rate
constexpr uint32_t UARTLCR_H = 0x02C;  // 3.3.7 line control
constexpr uint32_t UARTCR = 0x030;     // 3.3.8 control
constexpr uint32_t UARTIFLS = 0x034;   // 3.3.9 interrupt FIFO level select
constexpr uint32_t UARTIMSC = 0x038;   // 3.3.10 interrupt mask set/clear
constexpr uint32_t UARTRIS = 0x03C;    // 3.3.11 raw interrupt status
constexpr uint32_t UARTMIS = 0x040;    // 3.3.12 masked interrupt status
constexpr uint32_t UARTICR = 0x044;    // 3.3.13 interrupt clear
constexpr uint32_t UARTDMACR = 0x048;  // 3.3.14 DMA control
constexpr uint32_t UARTPeriphID0 = 0xFE0, UARTPeriphID1 = 0xFE4, UARTPeriphID2 = 0xFE8,
                   UARTPeriphID3 = 0xFEC;  // 3.3.15
constexpr uint32_t UARTPCellID0 = 0xFF0, UARTPCellID1 = 0xFF4, UARTPCellID2 = 0xFF8,
                   UARTPCellID3 = 0xFFC;  // 3.3.16

// UARTDR bits 11:8 (3.3.1) and UARTRSR bits 3:0 (3.3.2): overrun, break, parity, framing error.
constexpr uint32_t DR_OE = 1u << 11;
constexpr uint32_t RSR_OE = 1u << 3;

// UARTFR (3.3.3).
constexpr uint32_t FR_BUSY = 1u << 3, FR_RXFE = 1u << 4, FR_TXFF = 1u << 5, FR_RXFF = 1u << 6,
                   FR_TXFE = 1u << 7;

// UARTLCR_H (3.3.7): FEN enables the FIFOs; WLEN (bits 6:5) b11 = 8-bit words.
constexpr uint32_t LCR_FEN = 1u << 4, LCR_WLEN_8 = 3u << 5;

// UARTCR (3.3.8).
constexpr uint32_t CR_UARTEN = 1u << 0, CR_LBE = 1u << 7, CR_TXE = 1u << 8, CR_RXE = 1u << 9;

// UARTIMSC/RIS/MIS/ICR (3.3.10-3.3.13): RXIM bit 4, TXIM 5, RTIM 6, OEIM 10; bits 10:0 in all.
constexpr uint32_t INT_RX = 1u << 4, INT_TX = 1u << 5, INT_RT = 1u << 6, INT_OE = 1u << 10, INT_ALL = 0x7FF;

}  // namespace pl011_trm
