// vp APB timer: a 32-bit down-counter with an interrupt, as an AMBA APB4 completer.
// The register map is documented in models/rtl/apb_timer_regs.h (shared with the C++ model).
//
// Counting, evaluated at every rising PCLK edge while CTRL.ENABLE was set before the edge:
//   VALUE != 0 : VALUE <= VALUE - 1
//   VALUE == 0 : RIS <= 1; periodic: VALUE <= LOAD; one-shot: CTRL.ENABLE <= 0 (VALUE stays 0)
// so the interrupt is raised LOAD + 1 cycles after the edge that enabled the timer.
// A register write commits at the edge that ends its APB access phase and overrides the counter
// logic of that same edge (a LOAD write also loads VALUE; an INTCLR write wins over a timeout).
// PREADY is always high (no wait states), PSLVERR always low; offsets outside the map read as
// zero and ignore writes. irq = RIS & CTRL.INTEN.
module apb_timer (
    input  wire        pclk,
    input  wire        presetn,
    input  wire        psel,
    input  wire        penable,
    input  wire        pwrite,
    input  wire [31:0] paddr,
    input  wire [31:0] pwdata,
    input  wire [3:0]  pstrb,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [2:0]  pprot,
    /* verilator lint_on UNUSEDSIGNAL */
    output wire        pready,
    output reg  [31:0] prdata,
    output wire        pslverr,
    output wire        irq
);
    localparam [9:0] A_LOAD = 10'h000, A_VALUE = 10'h001, A_CTRL = 10'h002, A_INTCLR = 10'h003,
                     A_RIS = 10'h004, A_MIS = 10'h005, A_ID = 10'h006;
    localparam [31:0] TIMER_ID = 32'h5654_4D52;  // "VTMR"

    reg [31:0] load_q;
    reg [31:0] value_q;
    reg [2:0]  ctrl_q;  // bit 0 ENABLE, bit 1 INTEN, bit 2 ONESHOT
    reg        ris_q;

    /* verilator lint_off UNUSEDSIGNAL */
    wire [31:0] addr = paddr;
    /* verilator lint_on UNUSEDSIGNAL */
    wire [9:0]  word = addr[11:2];
    wire        in_map = (addr[31:12] == 20'h0);
    wire        wr = psel & penable & pwrite & in_map;
    wire [31:0] bytemask = {{8{pstrb[3]}}, {8{pstrb[2]}}, {8{pstrb[1]}}, {8{pstrb[0]}}};

    assign pready  = 1'b1;
    assign pslverr = 1'b0;
    assign irq     = ris_q & ctrl_q[1];

    always @(*) begin
        prdata = 32'h0;
        if (psel && !pwrite && in_map) begin
            case (word)
                A_LOAD:  prdata = load_q;
                A_VALUE: prdata = value_q;
                A_CTRL:  prdata = {29'h0, ctrl_q};
                A_RIS:   prdata = {31'h0, ris_q};
                A_MIS:   prdata = {31'h0, ris_q & ctrl_q[1]};
                A_ID:    prdata = TIMER_ID;
                default: prdata = 32'h0;
            endcase
        end
    end

    always @(posedge pclk or negedge presetn) begin
        if (!presetn) begin
            load_q  <= 32'h0;
            value_q <= 32'h0;
            ctrl_q  <= 3'h0;
            ris_q   <= 1'b0;
        end else begin
            // Counter.
            if (ctrl_q[0]) begin
                if (value_q != 32'h0) begin
                    value_q <= value_q - 32'h1;
                end else begin
                    ris_q <= 1'b1;
                    if (ctrl_q[2]) ctrl_q[0] <= 1'b0;
                    else value_q <= load_q;
                end
            end
            // Register writes (later assignments win over the counter).
            if (wr) begin
                case (word)
                    A_LOAD: begin
                        load_q  <= (load_q & ~bytemask) | (pwdata & bytemask);
                        value_q <= (load_q & ~bytemask) | (pwdata & bytemask);
                    end
                    A_CTRL: if (pstrb[0]) ctrl_q <= pwdata[2:0];
                    A_INTCLR: if (pstrb[0] && pwdata[0]) ris_q <= 1'b0;
                    default: ;
                endcase
            end
        end
    end
endmodule
