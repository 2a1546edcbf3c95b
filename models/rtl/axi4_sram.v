// vp AXI4 SRAM: a 16 KiB memory (64-bit words) with an AXI4 subordinate port, after the AMBA AXI
// and ACE Protocol Specification, ARM IHI 0022E, part A ("AXI spec"). Built as the vp model
// `rtl.axi4_sram` by vp_add_rtl_model (models/rtl/CMakeLists.txt).
//
// One write burst and one read burst at a time, independently: AW is accepted when no write
// is in progress, then WREADY is high until the beat with WLAST, then BVALID with BID = the
// burst's AWID, BRESP OKAY. AR is accepted when no read is in progress, then RVALID carries the
// beats with RID = ARID, RRESP OKAY and RLAST on beat ARLEN + 1. Each beat goes to or comes from
// the 64-bit word holding its address (A3.4.1): FIXED keeps the address, INCR adds the transfer
// size to the aligned address, WRAP does the same within the Number_Bytes * Burst_Length aligned
// window. Writes store the byte lanes WSTRB enables (A3.4.3). Addresses wrap at 16 KiB.
// AxLOCK (exclusives are answered OKAY, as A7.2.4 allows a subordinate without exclusive
// support), AxCACHE, AxPROT, AxQOS, AxREGION are accepted and ignored.
module axi4_sram (
    input  wire        aclk,
    input  wire        aresetn,
    // Write address channel
    input  wire [3:0]  awid,
    input  wire [31:0] awaddr,
    input  wire [7:0]  awlen,
    input  wire [2:0]  awsize,
    input  wire [1:0]  awburst,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire        awlock,
    input  wire [3:0]  awcache,
    input  wire [2:0]  awprot,
    input  wire [3:0]  awqos,
    input  wire [3:0]  awregion,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire        awvalid,
    output reg         awready,
    // Write data channel
    input  wire [63:0] wdata,
    input  wire [7:0]  wstrb,
    input  wire        wlast,
    input  wire        wvalid,
    output reg         wready,
    // Write response channel
    output reg  [3:0]  bid,
    output wire [1:0]  bresp,
    output reg         bvalid,
    input  wire        bready,
    // Read address channel
    input  wire [3:0]  arid,
    input  wire [31:0] araddr,
    input  wire [7:0]  arlen,
    input  wire [2:0]  arsize,
    input  wire [1:0]  arburst,
    /* verilator lint_off UNUSEDSIGNAL */
    input  wire        arlock,
    input  wire [3:0]  arcache,
    input  wire [2:0]  arprot,
    input  wire [3:0]  arqos,
    input  wire [3:0]  arregion,
    /* verilator lint_on UNUSEDSIGNAL */
    input  wire        arvalid,
    output reg         arready,
    // Read data channel
    output reg  [3:0]  rid,
    output reg  [63:0] rdata,
    output wire [1:0]  rresp,
    output reg         rlast,
    output reg         rvalid,
    input  wire        rready
);
    localparam WORDS = 2048;  // 16 KiB

    reg [63:0] mem [0:WORDS-1];

    assign bresp = 2'b00;  // OKAY
    assign rresp = 2'b00;

    // The address of the beat after the one at `a` (A3.4.1 burst address formulas).
    function automatic [31:0] next_addr(input [31:0] a, input [2:0] size, input [1:0] burst, input [7:0] len);
        reg [31:0] bytes, aligned, wrap_mask;
        begin
            bytes = 32'd1 << size;
            aligned = a & ~(bytes - 32'd1);
            wrap_mask = ({24'd0, len} + 32'd1) * bytes - 32'd1;
            case (burst)
                2'b00:   next_addr = a;                                                       // FIXED
                2'b10:   next_addr = (a & ~wrap_mask) | ((aligned + bytes) & wrap_mask);      // WRAP
                default: next_addr = aligned + bytes;                                         // INCR
            endcase
        end
    endfunction

    /* verilator lint_off UNUSEDSIGNAL */
    function automatic [10:0] word(input [31:0] a);  // the address's word, modulo 16 KiB
        word = a[13:3];
    endfunction
    /* verilator lint_on UNUSEDSIGNAL */

    // Write side.
    reg [31:0] waddr;
    reg [2:0]  wsize;
    reg [1:0]  wburst;
    reg [7:0]  wlen;
    integer lane;
    always @(posedge aclk) begin
        if (!aresetn) begin
            awready <= 1'b0;
            wready <= 1'b0;
            bvalid <= 1'b0;
            bid <= 4'd0;
            waddr <= 32'd0;
            wsize <= 3'd0;
            wburst <= 2'b01;
            wlen <= 8'd0;
        end else begin
            if (!awready && !wready && !bvalid) awready <= 1'b1;
            if (awvalid && awready) begin
                awready <= 1'b0;
                bid <= awid;
                waddr <= awaddr;
                wsize <= awsize;
                wburst <= awburst;
                wlen <= awlen;
                wready <= 1'b1;
            end
            if (wvalid && wready) begin
                for (lane = 0; lane < 8; lane = lane + 1)
                    if (wstrb[lane]) mem[word(waddr)][lane*8 +: 8] <= wdata[lane*8 +: 8];
                waddr <= next_addr(waddr, wsize, wburst, wlen);
                if (wlast) begin
                    wready <= 1'b0;
                    bvalid <= 1'b1;
                end
            end
            if (bvalid && bready) bvalid <= 1'b0;
        end
    end

    // Read side.
    reg [31:0] raddr;
    reg [2:0]  rsize;
    reg [1:0]  rburst;
    reg [7:0]  rlen, rbeat;
    wire [31:0] rnext = next_addr(raddr, rsize, rburst, rlen);
    always @(posedge aclk) begin
        if (!aresetn) begin
            arready <= 1'b0;
            rvalid <= 1'b0;
            rlast <= 1'b0;
            rid <= 4'd0;
            rdata <= 64'd0;
            raddr <= 32'd0;
            rsize <= 3'd0;
            rburst <= 2'b01;
            rlen <= 8'd0;
            rbeat <= 8'd0;
        end else begin
            if (!arready && !rvalid) arready <= 1'b1;
            if (arvalid && arready) begin
                arready <= 1'b0;
                rid <= arid;
                raddr <= araddr;
                rsize <= arsize;
                rburst <= arburst;
                rlen <= arlen;
                rbeat <= 8'd0;
                rdata <= mem[word(araddr)];
                rlast <= arlen == 8'd0;
                rvalid <= 1'b1;
            end else if (rvalid && rready) begin
                if (rlast) begin
                    rvalid <= 1'b0;
                    rlast <= 1'b0;
                end else begin
                    raddr <= rnext;
                    rbeat <= rbeat + 8'd1;
                    rdata <= mem[word(rnext)];
                    rlast <= rbeat + 8'd1 == rlen;
                end
            end
        end
    end
endmodule
