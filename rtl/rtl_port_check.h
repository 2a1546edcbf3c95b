// Build-time checks of a Verilated block's ports, used by the source vp_add_rtl_model()
// generates (cmake/vp-rtl-model.cpp.in): a missing port or one of the wrong direction or width
// stops the build with a message naming the port.
// A --cc port is a CData/SData/IData/QData field whatever its width, so the direction and bit range
// come from the Verilated header's declarations, collected by cmake/vp-rtl-ports.cmake into a
// struct of RtlPortShape: VP_RTL_CC_PORT_CHECK.
#pragma once
namespace vp {
struct RtlPortShape {
    bool input;
    int msb, lsb;
};
}  // namespace vp

#define VP_RTL_CC_PORT_CHECK(Ports, port, is_input, width, missing, mistyped)                   \
    template <class P>                                                                          \
    concept vp_rtl_has_##port = requires {                                                      \
        P::port;                                                                                \
    };                                                                                          \
    template <class P>                                                                          \
    consteval bool vp_rtl_type_ok_##port() {                                                    \
        if constexpr (vp_rtl_has_##port<P>)                                                     \
            return P::port.input == (is_input) && P::port.msb == (width)-1 && P::port.lsb == 0; \
        else                                                                                    \
            return true;                                                                        \
    }                                                                                           \
    static_assert(vp_rtl_has_##port<Ports>, missing);                                           \
    static_assert(vp_rtl_type_ok_##port<Ports>(), mistyped)

// The pin view of a checked port of the Verilated top `m`.
#define VP_RTL_CC_BIND(Ports, m, port, pin) \
    if constexpr (vp_rtl_has_##port<Ports> && vp_rtl_type_ok_##port<Ports>()) pin = vp::RtlPin(m.port)
