// An APB completer with W GPIO pins in and out (no output enable): gpio_out = the pins it reads.
/* verilator lint_off UNUSEDSIGNAL */
module good_gpio #(parameter W = 4) (
    input  wire         pclk,
    input  wire         presetn,
    input  wire         psel,
    input  wire         penable,
    input  wire         pwrite,
    input  wire [31:0]  paddr,
    input  wire [31:0]  pwdata,
    input  wire [3:0]   pstrb,
    input  wire [2:0]   pprot,
    output wire [31:0]  prdata,
    output wire         pready,
    output wire         pslverr,
    output wire         irq,
    input  wire [W-1:0] gpio_in,
    output wire [W-1:0] gpio_out
);
    assign prdata = 32'h0;
    assign pslverr = 1'b0;
    assign pready = 1'b1;
    assign irq = 1'b0;
    assign gpio_out = gpio_in;
endmodule
