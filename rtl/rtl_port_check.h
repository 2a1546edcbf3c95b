// Build-time checks of a Verilated block's ports, used by the source vp_add_rtl_model()
// generates (cmake/vp-rtl-model.cpp.in): a missing port or one of the wrong direction or width
// stops the build with a message naming the port. Verilated with --sc --pins-sc-uint, a 1-bit
// port is sc_in<bool>&/sc_out<bool>& and an N-bit port (N <= 64) sc_in/sc_out<sc_uint<N>>&.
#pragma once
#include <type_traits>

#define VP_RTL_PORT_CHECK(Module, port, Type, missing, mistyped)                 \
    template <class M>                                                           \
    concept vp_rtl_has_##port = requires(M & m) {                                \
        m.port;                                                                  \
    };                                                                           \
    template <class M>                                                           \
    consteval bool vp_rtl_type_ok_##port() {                                     \
        if constexpr (vp_rtl_has_##port<M>)                                      \
            return std::is_same_v<std::remove_cvref_t<decltype(M::port)>, Type>; \
        else                                                                     \
            return true;                                                         \
    }                                                                            \
    static_assert(vp_rtl_has_##port<Module>, missing);                           \
    static_assert(vp_rtl_type_ok_##port<Module>(), mistyped)

// Binds a port only where the check above passed, so a failed check is the build's one error.
#define VP_RTL_BIND(Module, m, port, signal) \
    if constexpr (vp_rtl_has_##port<Module> && vp_rtl_type_ok_##port<Module>()) m->port(signal)
