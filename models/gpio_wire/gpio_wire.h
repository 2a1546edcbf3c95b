// A wire from an output pin of one GPIO block to an input pin of the same or another block, as a
// board trace between two pads: the input follows the output's level while the block drives it
// (GpioPins::output_enables), and is pulled low while it does not. Both blocks are found by device
// name through Device::connect, so the wire works with any model that has GpioPins (pl061,
// rtl.pl061). Properties: from, from_line, to, to_line. No registers, no device-tree node.
// A change reaches the input one delta cycle after the output moved, at the same simulated time.
#pragma once
#include <string>
#include <vector>

#include <systemc>

#include "core/device.h"
#include "core/properties.h"

namespace vp {

class GpioWire : public Device {
public:
    GpioWire(const sc_core::sc_module_name& name, const DeviceConfig& config);
    static const std::vector<PropertySpec>& properties();

    TargetSocket& target_socket(unsigned index) override;
    void connect(const DeviceFinder& find) override;
    void write_dtb(DtbWriter&) const override {}

private:
    struct End {
        std::string key;  // `from` or `to`
        std::string device;
        unsigned line = 0;
        GpioPins* pins = nullptr;
    };
    void find_end(End& end, const DeviceFinder& find);
    void propagate();

    End from_, to_;
    sc_core::sc_event changed_;
};

}  // namespace vp
