// An AXI4 subordinate with every port of vp_add_rtl_model's BUS axi4, never ready. DATA_BITS
// other than 64 (VERILATOR_ARGS -GDATA_BITS=32) makes WDATA/RDATA the wrong width.
/* verilator lint_off UNUSEDSIGNAL */
module good_axi4 #(parameter DATA_BITS = 64) (
    input  wire                   aclk,
    input  wire                   aresetn,
    input  wire [3:0]             awid,
    input  wire [31:0]            awaddr,
    input  wire [7:0]             awlen,
    input  wire [2:0]             awsize,
    input  wire [1:0]             awburst,
    input  wire                   awlock,
    input  wire [3:0]             awcache,
    input  wire [2:0]             awprot,
    input  wire [3:0]             awqos,
    input  wire [3:0]             awregion,
    input  wire                   awvalid,
    output wire                   awready,
    input  wire [DATA_BITS-1:0]   wdata,
    input  wire [DATA_BITS/8-1:0] wstrb,
    input  wire                   wlast,
    input  wire                   wvalid,
    output wire                   wready,
    output wire [3:0]             bid,
    output wire [1:0]             bresp,
    output wire                   bvalid,
    input  wire                   bready,
    input  wire [3:0]             arid,
    input  wire [31:0]            araddr,
    input  wire [7:0]             arlen,
    input  wire [2:0]             arsize,
    input  wire [1:0]             arburst,
    input  wire                   arlock,
    input  wire [3:0]             arcache,
    input  wire [2:0]             arprot,
    input  wire [3:0]             arqos,
    input  wire [3:0]             arregion,
    input  wire                   arvalid,
    output wire                   arready,
    output wire [3:0]             rid,
    output wire [DATA_BITS-1:0]   rdata,
    output wire [1:0]             rresp,
    output wire                   rlast,
    output wire                   rvalid,
    input  wire                   rready
);
    assign awready = 1'b0;
    assign wready = 1'b0;
    assign bid = 4'd0;
    assign bresp = 2'b00;
    assign bvalid = 1'b0;
    assign arready = 1'b0;
    assign rid = 4'd0;
    assign rdata = {DATA_BITS{1'b0}};
    assign rresp = 2'b00;
    assign rlast = 1'b0;
    assign rvalid = 1'b0;
endmodule
