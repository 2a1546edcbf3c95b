// A GPIO block register-compatible with the subset of the ARM PrimeCell GPIO (PL061) that Linux's
// gpio-pl061 driver uses, as an AMBA APB4 completer. Register map and behaviour after the PL061
// Technical Reference Manual, ARM DDI 0190 ("TRM"), 3.2 (summary) and 3.3 (descriptions):
//   0x000-0x3FC GPIODATA  a read returns the pads under the mask PADDR[9:2], a write changes the
//                         output bits under that mask (only pins GPIODIR makes outputs; 3.3.1)
//   0x400 GPIODIR 0x404 GPIOIS 0x408 GPIOIBE 0x40C GPIOIEV 0x410 GPIOIE 0x420 GPIOAFSEL  8-bit rw
//   0x414 GPIORIS 0x418 GPIOMIS (ro)   0x41C GPIOIC (wo: 1 clears an edge interrupt)
//   0xFE0-0xFEC GPIOPeriphID0-3 = 61 10 04 00, 0xFF0-0xFFC GPIOPCellID0-3 = 0D F0 05 B1 (3.3.13-14)
// Pins: gpio_in is synchronised by two PCLK flip-flops (TRM 2.1); a pad is the pin's output
// (gpio_out = GPIODATA, driven where gpio_oe = GPIODIR is 1) or its synchronised input.
// gpio_ie = GPIOIE, the lines whose interrupts the guest unmasks (a button heeds only those).
// Interrupt detection (TRM 2.3) compares each pad with its value at the previous PCLK edge: an
// edge pin (GPIOIS 0) latches a rising edge when GPIOIEV is 1, a falling one when 0, either when
// GPIOIBE is 1, until GPIOIC clears it (a new edge in the same cycle wins); a level pin (GPIOIS 1)
// is active while its pad equals GPIOIEV. GPIOMIS = GPIORIS & GPIOIE; intr (GPIOINTR) = |GPIOMIS.
// Writes take effect at the PCLK edge that ends their access phase, on byte lane 0 (PSTRB[0]);
// the registers are 8 bits wide in 32-bit words. PREADY is always high, PSLVERR low; gaps and
// offsets beyond 0xFFF read as zero and ignore writes. GPIOAFSEL is kept but selects nothing
// (no hardware control source). Not modelled: the separate GPIOMIS[7:0] outputs, test registers.
module pl061_gpio (
    input  wire        pclk,
    input  wire        presetn,
    input  wire        psel,
    input  wire        penable,
    input  wire        pwrite,
    input  wire [31:0] paddr,
    input  wire [31:0] pwdata,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [3:0]  pstrb,  // lane 0 only: the registers are 8 bits
    input  wire [2:0]  pprot,
    /* verilator lint_on UNUSEDSIGNAL */
    output wire        pready,
    output reg  [31:0] prdata,
    output wire        pslverr,
    output wire        intr,
    input  wire [7:0]  gpio_in,
    output wire [7:0]  gpio_out,
    output wire [7:0]  gpio_oe,
    output wire [7:0]  gpio_ie
);
    localparam [9:0] A_DIR = 10'h100, A_IS = 10'h101, A_IBE = 10'h102, A_IEV = 10'h103,
                     A_IE = 10'h104, A_RIS = 10'h105, A_MIS = 10'h106, A_IC = 10'h107,
                     A_AFSEL = 10'h108;

    reg [7:0] data_q, dir_q, is_q, ibe_q, iev_q, ie_q, afsel_q;
    reg [7:0] edge_q;             // latched edge interrupts
    reg [7:0] in_meta_q, in_q;    // the two synchroniser stages
    reg [7:0] pads_q;             // the pads at the previous edge

    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0] addr = paddr;
    wire [31:0] wdata = pwdata;
    /* verilator lint_on UNUSEDSIGNAL */
    wire [9:0]  word = addr[11:2];
    wire        in_map = (addr[31:12] == 20'h0);
    wire        is_data = (word[9:8] == 2'b00);  // 0x000-0x3FC
    wire [7:0]  mask = word[7:0];
    wire        wr = psel & penable & pwrite & in_map & pstrb[0];
    wire [7:0]  wbyte = wdata[7:0];

    wire [7:0] pads = (data_q & dir_q) | (in_q & ~dir_q);
    wire [7:0] rose = pads & ~pads_q;
    wire [7:0] fell = ~pads & pads_q;
    wire [7:0] edge_hit = ~is_q & ((ibe_q & (rose | fell)) | (~ibe_q & ((iev_q & rose) | (~iev_q & fell))));
    wire [7:0] ris = (is_q & ~(pads ^ iev_q)) | (~is_q & edge_q);
    wire [7:0] mis = ris & ie_q;
    wire [7:0] clear = (wr && word == A_IC) ? wbyte : 8'h00;

    assign pready   = 1'b1;
    assign pslverr  = 1'b0;
    assign intr     = |mis;
    assign gpio_out = data_q;
    assign gpio_oe  = dir_q;
    assign gpio_ie  = ie_q;

    always @(*) begin
        prdata = 32'h0;
        if (psel && !pwrite && in_map) begin
            if (is_data) begin
                prdata = {24'h0, pads & mask};
            end else begin
                case (word)
                    A_DIR:   prdata = {24'h0, dir_q};
                    A_IS:    prdata = {24'h0, is_q};
                    A_IBE:   prdata = {24'h0, ibe_q};
                    A_IEV:   prdata = {24'h0, iev_q};
                    A_IE:    prdata = {24'h0, ie_q};
                    A_RIS:   prdata = {24'h0, ris};
                    A_MIS:   prdata = {24'h0, mis};
                    A_AFSEL: prdata = {24'h0, afsel_q};
                    10'h3F8: prdata = 32'h61;  // GPIOPeriphID0: part number [7:0]
                    10'h3F9: prdata = 32'h10;  // GPIOPeriphID1: designer [3:0], part number [11:8]
                    10'h3FA: prdata = 32'h04;  // GPIOPeriphID2: revision, designer [7:4]
                    10'h3FB: prdata = 32'h00;  // GPIOPeriphID3: configuration
                    10'h3FC: prdata = 32'h0D;  // GPIOPCellID0-3: 0xB105F00D
                    10'h3FD: prdata = 32'hF0;
                    10'h3FE: prdata = 32'h05;
                    10'h3FF: prdata = 32'hB1;
                    default: prdata = 32'h0;
                endcase
            end
        end
    end

    always @(posedge pclk or negedge presetn) begin
        if (!presetn) begin
            data_q    <= 8'h0;
            dir_q     <= 8'h0;
            is_q      <= 8'h0;
            ibe_q     <= 8'h0;
            iev_q     <= 8'h0;
            ie_q      <= 8'h0;
            afsel_q   <= 8'h0;
            edge_q    <= 8'h0;
            in_meta_q <= 8'h0;
            in_q      <= 8'h0;
            pads_q    <= 8'h0;
        end else begin
            in_meta_q <= gpio_in;
            in_q      <= in_meta_q;
            pads_q    <= pads;
            edge_q    <= (edge_q & ~clear) | edge_hit;
            if (wr) begin
                if (is_data) begin
                    data_q <= (data_q & ~(mask & dir_q)) | (wbyte & mask & dir_q);
                end else begin
                    case (word)
                        A_DIR:   dir_q   <= wbyte;
                        A_IS:    is_q    <= wbyte;
                        A_IBE:   ibe_q   <= wbyte;
                        A_IEV:   iev_q   <= wbyte;
                        A_IE:    ie_q    <= wbyte;
                        A_AFSEL: afsel_q <= wbyte;
                        default: ;
                    endcase
                end
            end
        end
    end
endmodule
