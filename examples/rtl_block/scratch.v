// acme scratch block: an APB completer a team brings as its own Verilog. Its address port is
// called `addr` and it has no PPROT (CMakeLists.txt maps both).
//   0x00 SCRATCH  RW  32 bits, byte strobes honoured
//   0x04 IRQ      RW  bit 0 drives the irq output
//   0x08 ID       RO  0xACE00001
// Other offsets answer PSLVERR.
module acme_scratch (
    input  wire        clk,
    input  wire        rst_n,
    input  wire        psel,
    input  wire        penable,
    input  wire        pwrite,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire [31:0] addr,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire [31:0] pwdata,
    input  wire [3:0]  pstrb,
    output reg  [31:0] prdata,
    output wire        pready,
    output wire        pslverr,
    output wire        irq
);
    reg [31:0] scratch_q;
    reg        irq_q;
    wire [31:0] mask = {{8{pstrb[3]}}, {8{pstrb[2]}}, {8{pstrb[1]}}, {8{pstrb[0]}}};
    wire known = addr[31:4] == 28'h0 && addr[3:2] != 2'd3;

    assign pready  = 1'b1;
    assign pslverr = psel & penable & ~known;
    assign irq     = irq_q;

    always @(*) begin
        case (addr[3:2])
            2'd0: prdata = scratch_q;
            2'd1: prdata = {31'h0, irq_q};
            2'd2: prdata = 32'hACE0_0001;
            default: prdata = 32'h0;
        endcase
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            scratch_q <= 32'h0;
            irq_q     <= 1'b0;
        end else if (psel && penable && pwrite && known) begin
            if (addr[3:2] == 2'd0) scratch_q <= (scratch_q & ~mask) | (pwdata & mask);
            if (addr[3:2] == 2'd1 && pstrb[0]) irq_q <= pwdata[0];
        end
    end
endmodule
