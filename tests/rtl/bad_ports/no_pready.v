// An APB completer without PREADY : vp_add_rtl_model must refuse it.
/* verilator lint_off UNUSEDSIGNAL */
module no_pready (
    input  wire        pclk,
    input  wire        presetn,
    input  wire        psel,
    input  wire        penable,
    input  wire        pwrite,
    input  wire [31:0] paddr,
    input  wire [31:0] pwdata,
    input  wire [3:0]  pstrb,
    input  wire [2:0]  pprot,
    output wire [31:0] prdata,
    output wire        pslverr,
    output wire        irq
);
    assign prdata = 32'h0;
    assign pslverr = 1'b0;
    assign irq = 1'b0;
endmodule
