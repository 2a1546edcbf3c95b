// PL011 behaviour behind the registers: FIFOs, flags, interrupts, receive timeout.
#include "models/pl011/pl011.h"

#include "core/trace.h"

namespace vp {

using namespace pl011;

// ---- derived state ----

unsigned Pl011::rx_trigger() const {
    // TRM "Interrupts", UARTRXINTR: with the FIFOs disabled, any character in the holding register.
    return fifo_enabled() ? fifo_trigger_level((ifls_ >> 3) & 7) : 1;
}

unsigned Pl011::tx_trigger() const {
    return fifo_enabled() ? fifo_trigger_level(ifls_ & 7) : 0;
}

bool Pl011::tx_enabled() const {
    return (cr_ & CR_UARTEN) && (cr_ & CR_TXE);
}

size_t Pl011::rx_room() const {
    if (!(cr_ & CR_UARTEN) || !(cr_ & CR_RXE)) return 0;
    return rx_fifo_.size() >= fifo_capacity() ? 0 : fifo_capacity() - rx_fifo_.size();
}

sc_core::sc_time Pl011::rx_timeout() const {
    // Baud rate divisor BAUDDIV = UARTCLK / (16 x baud rate) = IBRD + FBRD / 64 (TRM 3.3.6), so
    // one bit lasts 16 x BAUDDIV / UARTCLK and 32 bits last 8 x (64 x IBRD + FBRD) / UARTCLK.
    // IBRD = 0 is not a valid divisor; the model then counts as for a divisor of 1.
    const uint32_t div64 = divisor_latched_ >= 64 ? divisor_latched_ : 64;
    return sc_core::sc_time(8.0 * div64 * 1e12 / clock_hz_, sc_core::SC_PS);
}

void Pl011::update() {
    intr.set((ris_ & imsc_) != 0);
}

// ---- receive path ----

void Pl011::receive_char(uint8_t c) {
    if (!(cr_ & CR_UARTEN) || !(cr_ & CR_RXE)) {
        VP_DEV_LOG(debug, trace::dev, "pl011 '{}': receiver disabled, character {:#x} lost", config_.name, c);
        return;
    }
    push_rx(c);
}

void Pl011::push_rx(uint32_t entry) {
    if (rx_fifo_.size() >= fifo_capacity()) {
        // TRM 3.3.1/3.3.2: the FIFO contents stay, the new character is lost; OE is set.
        VP_DEV_LOG(debug, trace::dev, "pl011 '{}': receive overrun, character {:#x} lost", config_.name,
                   entry & 0xFF);
        rsr_ |= RSR_OE;
        ris_ |= INT_OE;
        overrun_pending_ = true;
        update();
        return;
    }
    if (overrun_pending_) {  // DR.OE goes with the first character stored after the overrun
        entry |= DR_OE;
        overrun_pending_ = false;
    }
    rx_fifo_.push_back(entry);
    if (rx_fifo_.size() >= rx_trigger()) ris_ |= INT_RX;
    // TRM "Interrupts", UARTRTINTR: 32 bit periods after the last character received.
    rx_timeout_event_.cancel();
    rx_timeout_at_ = sc_core::sc_time_stamp() + rx_timeout();
    rx_timeout_event_.notify(rx_timeout());
    update();
}

void Pl011::on_rx_timeout() {
    rx_timeout_at_ = sc_core::sc_max_time();
    if (rx_fifo_.empty()) return;
    ris_ |= INT_RT;
    update();
}

uint32_t Pl011::peek_dr() const {
    return rx_fifo_.empty() ? 0 : rx_fifo_.front();
}

uint32_t Pl011::read_dr() {
    if (rx_fifo_.empty()) {
        VP_DEV_LOG(warn, trace::guest_errors, "pl011 '{}': UARTDR read with the receive FIFO empty",
                   config_.name);
        return 0;
    }
    const uint32_t entry = rx_fifo_.front();
    rx_fifo_.pop_front();
    // UARTRSR's FE/PE/BE describe the character just read; OE stays until cleared (3.3.2).
    rsr_ = (rsr_ & RSR_OE) | ((entry >> 8) & (RSR_FE | RSR_PE | RSR_BE));
    if (rx_fifo_.size() < rx_trigger()) ris_ &= ~INT_RX;
    if (rx_fifo_.empty()) {
        ris_ &= ~INT_RT;
        rx_timeout_event_.cancel();
        rx_timeout_at_ = sc_core::sc_max_time();
    }
    update();
    backend_->ready();
    return entry;
}

// ---- transmit path ----

void Pl011::write_dr(uint32_t v) {
    if (tx_fifo_.size() >= fifo_capacity()) {
        VP_DEV_LOG(warn, trace::guest_errors,
                   "pl011 '{}': UARTDR write with the transmit FIFO full, {:#x} lost", config_.name,
                   v & 0xFF);
        return;
    }
    tx_fifo_.push_back(static_cast<uint8_t>(v));
    // TRM "Interrupts", UARTTXINTR: cleared by writing until the FIFO is above the trigger level.
    if (tx_fifo_.size() > tx_trigger()) ris_ &= ~INT_TX;
    transmit();
    update();
}

void Pl011::transmit() {
    if (!tx_enabled() || tx_fifo_.empty()) return;
    while (!tx_fifo_.empty()) {
        uint8_t c = tx_fifo_.front();
        tx_fifo_.pop_front();
        if (cr_ & CR_LBE)
            receive_char(c);  // loopback: the transmit line feeds the receiver (3.3.8)
        else
            backend_->send(c);
    }
    // The FIFO drained through the trigger level: UARTTXINTR asserted (TRM "Interrupts").
    ris_ |= INT_TX;
}

// ---- control registers ----

uint32_t Pl011::read_fr() const {
    uint32_t fr = FR_CTS | FR_DSR | FR_DCD;  // constant modem inputs, see the header
    if (!tx_fifo_.empty()) fr |= FR_BUSY;
    if (rx_fifo_.empty()) fr |= FR_RXFE;
    if (rx_fifo_.size() >= fifo_capacity()) fr |= FR_RXFF;
    if (tx_fifo_.size() >= fifo_capacity()) fr |= FR_TXFF;
    if (tx_fifo_.empty()) fr |= FR_TXFE;
    return fr;
}

// Any write clears the errors (3.3.2).
void Pl011::write_ecr() {
    rsr_ = 0;
}

void Pl011::write_lcr_h() {
    // IBRD, FBRD and LCR_H form one 30-bit register updated by the LCR_H write (3.3.7).
    divisor_latched_ = 64 * ibrd_ + fbrd_;
    if (!rx_fifo_.empty() && rx_fifo_.size() >= rx_trigger()) ris_ |= INT_RX;
    backend_->ready();  // the capacity may have grown
    update();
}

void Pl011::write_cr() {
    transmit();
    backend_->ready();
    update();
}

void Pl011::write_ifls() {
    if (!rx_fifo_.empty() && rx_fifo_.size() >= rx_trigger()) ris_ |= INT_RX;
    update();
}

void Pl011::write_icr(uint32_t v) {
    ris_ &= ~(v & INT_ALL);
    update();
}

}  // namespace vp
