// A guest that floods its console: the same line on the PL011, as fast as it can, forever
// (tests of a console reader that stops reading or goes away). vp's PL011 transmits each
// character at once, so the transmit FIFO never fills and UARTFR.TXFF need not be polled.
#include "vp_guest.h"

#define UART_DR (*(volatile uint32_t*)0x09000000ul)

int main(void) {
    static const char line[] = "flood: 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n";
    vp_puts("flood\n");  // also enables the UART (vp_putc)
    for (;;)
        for (const char* p = line; *p; ++p) UART_DR = (uint8_t)*p;
}
