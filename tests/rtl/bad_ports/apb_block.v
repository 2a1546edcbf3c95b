// The APB completer of the bad_ports cases (tests/rtl/test_bad_ports.sh), with every port
// vp_add_rtl_model asks for unless one case's define changes one:
//   NARROW_PADDR  PADDR is 16 bits wide: vp_add_rtl_model must refuse it.
//   NO_PREADY     no PREADY: vp_add_rtl_model must refuse it.
//   GPIO          W GPIO pins in and out (no output enable): gpio_out = the pins it reads.
/* verilator lint_off UNUSEDSIGNAL */
module apb_block #(parameter W = 4) (
    input  wire         pclk,
    input  wire         presetn,
    input  wire         psel,
    input  wire         penable,
    input  wire         pwrite,
`ifdef NARROW_PADDR
    input  wire [15:0]  paddr,
`else
    input  wire [31:0]  paddr,
`endif
    input  wire [31:0]  pwdata,
    input  wire [3:0]   pstrb,
    input  wire [2:0]   pprot,
    output wire [31:0]  prdata,
`ifndef NO_PREADY
    output wire         pready,
`endif
`ifdef GPIO
    input  wire [W-1:0] gpio_in,
    output wire [W-1:0] gpio_out,
`endif
    output wire         pslverr,
    output wire         irq
);
    assign prdata = 32'h0;
    assign pslverr = 1'b0;
`ifndef NO_PREADY
    assign pready = 1'b1;
`endif
`ifdef GPIO
    assign gpio_out = gpio_in;
`endif
    assign irq = 1'b0;
endmodule
