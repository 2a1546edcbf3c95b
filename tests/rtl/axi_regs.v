// A small AXI4-Lite completer (AMBA AXI and ACE Protocol Specification, ARM IHI 0022E, B1) with
// Xilinx-style port names (s_axi_ prefix), no AxPROT and an active-high reset, for
// test_rtl_device.cpp:
//   0x00 REG0  RW  32 bits, write strobes honoured; irq = REG0[0]
//   0x04 ID    RO  0x41584C31 ("AXL1")
// Other offsets answer SLVERR. The write address and data channels are accepted independently.
module axi_regs (
    input  wire        aclk,
    input  wire        rst,
    input  wire        s_axi_awvalid,
    output wire        s_axi_awready,
    input  wire [31:0] s_axi_awaddr,
    input  wire        s_axi_wvalid,
    output wire        s_axi_wready,
    input  wire [31:0] s_axi_wdata,
    input  wire [3:0]  s_axi_wstrb,
    output reg         s_axi_bvalid,
    input  wire        s_axi_bready,
    output reg  [1:0]  s_axi_bresp,
    input  wire        s_axi_arvalid,
    output wire        s_axi_arready,
    input  wire [31:0] s_axi_araddr,
    output reg         s_axi_rvalid,
    input  wire        s_axi_rready,
    output reg  [31:0] s_axi_rdata,
    output reg  [1:0]  s_axi_rresp,
    output wire        irq
);
    localparam [1:0] OKAY = 2'b00, SLVERR = 2'b10;
    reg [31:0] reg0_q;
    reg        aw_full, w_full;
    reg [31:0] aw_addr, w_data;
    reg [3:0]  w_strb;
    wire [31:0] mask = {{8{w_strb[3]}}, {8{w_strb[2]}}, {8{w_strb[1]}}, {8{w_strb[0]}}};

    assign s_axi_awready = !aw_full;
    assign s_axi_wready  = !w_full;
    assign s_axi_arready = !s_axi_rvalid;
    assign irq = reg0_q[0];

    always @(posedge aclk) begin
        if (rst) begin
            reg0_q <= 32'h0;
            aw_full <= 1'b0;
            w_full <= 1'b0;
            aw_addr <= 32'h0;
            w_data <= 32'h0;
            w_strb <= 4'h0;
            s_axi_bvalid <= 1'b0;
            s_axi_bresp <= OKAY;
            s_axi_rvalid <= 1'b0;
            s_axi_rdata <= 32'h0;
            s_axi_rresp <= OKAY;
        end else begin
            if (s_axi_awvalid && !aw_full) begin
                aw_addr <= s_axi_awaddr;
                aw_full <= 1'b1;
            end
            if (s_axi_wvalid && !w_full) begin
                w_data <= s_axi_wdata;
                w_strb <= s_axi_wstrb;
                w_full <= 1'b1;
            end
            if (aw_full && w_full && !s_axi_bvalid) begin
                if (aw_addr == 32'h0) reg0_q <= (reg0_q & ~mask) | (w_data & mask);
                s_axi_bresp <= (aw_addr == 32'h0 || aw_addr == 32'h4) ? OKAY : SLVERR;
                s_axi_bvalid <= 1'b1;
                aw_full <= 1'b0;
                w_full <= 1'b0;
            end
            if (s_axi_bvalid && s_axi_bready) s_axi_bvalid <= 1'b0;
            if (s_axi_arvalid && !s_axi_rvalid) begin
                s_axi_rvalid <= 1'b1;
                s_axi_rresp <= OKAY;
                case (s_axi_araddr)
                    32'h0: s_axi_rdata <= reg0_q;
                    32'h4: s_axi_rdata <= 32'h4158_4C31;
                    default: begin
                        s_axi_rdata <= 32'h0;
                        s_axi_rresp <= SLVERR;
                    end
                endcase
            end
            if (s_axi_rvalid && s_axi_rready) s_axi_rvalid <= 1'b0;
        end
    end
endmodule
