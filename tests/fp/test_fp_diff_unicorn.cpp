// Differential test of the FP library against unicorn 2.0.1 (arm64, Cortex-A57 model): each
// operation runs as its A64 instruction in unicorn on operands drawn to hit NaNs (quiet and
// signalling, with payloads), infinities, signed zeros, denormals, extreme normals, rounding
// boundaries and random values, under random FPCR (RMode, FZ, DN, AHP). Result bits and the FPSR
// cumulative flags must match. Cases where unicorn differs from the ARM ARM are excluded by name
// in unicorn_deviation() below. VP_FP_ITERS (default 10000 per operation) and VP_FP_SEED.
#include <unicorn/unicorn.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fp/fp.h"
#include "fp_values.h"

namespace fp = vp::iss::fp;
using fp::Rounding;

namespace {

constexpr uint64_t kCode = 0x10000;

uint64_t env_u64(const char* name, uint64_t dflt) {
    const char* s = std::getenv(name);
    return s ? std::strtoull(s, nullptr, 0) : dflt;
}

// ---- unicorn rig ------------------------------------------------------------------------
struct UcOut {
    uint64_t v0lo, v0hi, x0;
    uint32_t fpsr, nzcv;
};

class Unicorn {
public:
    Unicorn() {
        if (uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &uc_) != UC_ERR_OK) std::abort();
        // The model vp is (unicorn's default is a Cortex-A72).
        if (uc_ctl_set_cpu_model(uc_, UC_CPU_ARM64_A57) != UC_ERR_OK) std::abort();
        uc_mem_map(uc_, kCode, 0x1000, UC_PROT_ALL);
        uint64_t cpacr = 3u << 20;  // CPACR_EL1.FPEN = 0b11: no FP/SIMD traps
        uc_reg_write(uc_, UC_ARM64_REG_CPACR_EL1, &cpacr);
    }
    ~Unicorn() { uc_close(uc_); }
    void set_insn(uint32_t w) {
        uc_mem_write(uc_, kCode, &w, 4);
        uc_ctl_remove_cache(uc_, kCode, kCode + 4);
    }
    UcOut run(const uint64_t (&v)[4], uint64_t x1, uint32_t fpcr) {
        for (int i = 0; i < 4; ++i) {
            uint64_t q[2] = {v[i], i == 0 ? 0x5555555555555555ull : 0};
            uc_reg_write(uc_, UC_ARM64_REG_Q0 + i, q);
        }
        uint64_t x0 = 0xDEADBEEFDEADBEEFull;
        uc_reg_write(uc_, UC_ARM64_REG_X0, &x0);
        uc_reg_write(uc_, UC_ARM64_REG_X1, &x1);
        uint32_t zero = 0;
        uc_reg_write(uc_, UC_ARM64_REG_FPCR, &fpcr);
        uc_reg_write(uc_, UC_ARM64_REG_FPSR, &zero);
        uc_reg_write(uc_, UC_ARM64_REG_NZCV, &zero);
        uc_err err = uc_emu_start(uc_, kCode, kCode + 4, 0, 1);
        EXPECT_EQ(err, UC_ERR_OK);
        UcOut o{};
        uint64_t q[2];
        uc_reg_read(uc_, UC_ARM64_REG_Q0, q);
        o.v0lo = q[0];
        o.v0hi = q[1];
        uc_reg_read(uc_, UC_ARM64_REG_X0, &o.x0);
        uint64_t r = 0;
        uc_reg_read(uc_, UC_ARM64_REG_FPSR, &r);
        o.fpsr = uint32_t(r);
        r = 0;
        uc_reg_read(uc_, UC_ARM64_REG_NZCV, &r);
        o.nzcv = uint32_t(r >> 28) & 0xF;
        return o;
    }

private:
    uc_engine* uc_ = nullptr;
};

using vp::test::Fmt;
using vp::test::fmt_of;
using vp::test::Gen;
using vp::test::kD;
using vp::test::kH;
using vp::test::kS;

// ---- operation table --------------------------------------------------------------------
enum class Out { V, X, Nzcv };

struct Ref {
    uint64_t value;
    uint32_t fpsr;
};

using RefFn = std::function<Ref(const uint64_t (&v)[4], uint64_t x1, uint32_t fpcr)>;

struct OpDef {
    std::string name;
    uint32_t insn;  // Rd=0, Rn=1, Rm=2, Ra=3 (or Xn=1 for integer sources)
    int src;        // source FP size (0 = integer source)
    int dst;        // result size in bits (FP or integer)
    Out out;
    RefFn ref;
    int gen_mode;  // -1 independent operands; otherwise biases related operands
};

template <class T>
T as(uint64_t v) {
    return T(v);
}

template <class T>
using Bin = T (*)(T, T, uint32_t, uint32_t&);
template <class T>
using Un = T (*)(T, uint32_t, uint32_t&);

template <class T>
RefFn bin(Bin<T> f, bool negate_result = false) {
    return [f, negate_result](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
        uint32_t fpsr = 0;
        T r = f(as<T>(v[1]), as<T>(v[2]), fpcr, fpsr);
        if (negate_result) r = fp::neg(r);
        return Ref{r, fpsr};
    };
}
template <class T>
RefFn un(Un<T> f) {
    return [f](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
        uint32_t fpsr = 0;
        T r = f(as<T>(v[1]), fpcr, fpsr);
        return Ref{r, fpsr};
    };
}
// FMADD family: o1 negates the addend, o0 ^ o1 negates op1 (ARM ARM FMADD/FMSUB/FNMADD/FNMSUB).
template <class T>
RefFn fmadd(bool neg_a, bool neg_n) {
    return [neg_a, neg_n](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
        uint32_t fpsr = 0;
        T a = as<T>(v[3]), n = as<T>(v[1]);
        if (neg_a) a = fp::neg(a);
        if (neg_n) n = fp::neg(n);
        T r = fp::muladd<T>(a, n, as<T>(v[2]), fpcr, fpsr);
        return Ref{r, fpsr};
    };
}

uint32_t type_bits(int n) {
    return n == 32 ? 0u : n == 64 ? 1u : 3u;
}

std::vector<OpDef> make_ops() {
    std::vector<OpDef> ops;
    for (int n : {32, 64}) {
        const std::string sfx = n == 32 ? "S" : "D";
        const uint32_t ty = type_bits(n) << 22;
        const uint32_t rr = (2u << 16) | (1u << 5);  // Rm=2, Rn=1, Rd=0
        auto add2 = [&](const char* name, uint32_t base, RefFn f, int mode) {
            ops.push_back({std::string(name) + sfx, base | ty | rr, n, n, Out::V, f, mode});
        };
        auto add1 = [&](const char* name, uint32_t base, RefFn f) {
            ops.push_back({std::string(name) + sfx, base | ty | (1u << 5), n, n, Out::V, f, -1});
        };
#define BIN(fn) (n == 32 ? bin<uint32_t>(fp::fn<uint32_t>) : bin<uint64_t>(fp::fn<uint64_t>))
#define UN(fn) (n == 32 ? un<uint32_t>(fp::fn<uint32_t>) : un<uint64_t>(fp::fn<uint64_t>))
        add2("FADD", 0x1E202800, BIN(add), 0);
        add2("FSUB", 0x1E203800, BIN(sub), 0);
        add2("FMUL", 0x1E200800, BIN(mul), 1);
        add2("FMULo", 0x1E200800, BIN(mul), 3);
        add2("FNMUL", 0x1E208800,
             n == 32 ? bin<uint32_t>(fp::mul<uint32_t>, true) : bin<uint64_t>(fp::mul<uint64_t>, true), 1);
        add2("FDIV", 0x1E201800, BIN(div), 2);
        add2("FMAX", 0x1E204800, BIN(max), 0);
        add2("FMIN", 0x1E205800, BIN(min), 0);
        add2("FMAXNM", 0x1E206800, BIN(maxnum), 0);
        add2("FMINNM", 0x1E207800, BIN(minnum), 0);
        // AdvSIMD scalar: sz is bit 22.
        const uint32_t sz = (n == 64 ? 1u : 0u) << 22;
        ops.push_back({"FMULX" + sfx, 0x5E20DC00 | sz | rr, n, n, Out::V, BIN(mulx), 1});
        ops.push_back({"FRECPS" + sfx, 0x5E20FC00 | sz | rr, n, n, Out::V, BIN(recip_step_fused), 1});
        ops.push_back({"FRSQRTS" + sfx, 0x5EA0FC00 | sz | rr, n, n, Out::V, BIN(rsqrt_step_fused), 1});
        ops.push_back({"FRECPE" + sfx, 0x5EA1D800 | sz | (1u << 5), n, n, Out::V, UN(recip_estimate), -1});
        ops.push_back({"FRSQRTE" + sfx, 0x7EA1D800 | sz | (1u << 5), n, n, Out::V, UN(rsqrt_estimate), -1});
        ops.push_back({"FRECPX" + sfx, 0x5EA1F800 | sz | (1u << 5), n, n, Out::V, UN(recpx), -1});
        auto cmpmask = [n](bool (*f32)(uint32_t, uint32_t, uint32_t, uint32_t&),
                           bool (*f64)(uint64_t, uint64_t, uint32_t, uint32_t&)) -> RefFn {
            return [n, f32, f64](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
                uint32_t fpsr = 0;
                bool r =
                    n == 32 ? f32(uint32_t(v[1]), uint32_t(v[2]), fpcr, fpsr) : f64(v[1], v[2], fpcr, fpsr);
                return Ref{r ? (n == 32 ? 0xFFFFFFFFull : ~0ull) : 0, fpsr};
            };
        };
        ops.push_back({"FCMEQ" + sfx, 0x5E20E400 | sz | rr, n, n, Out::V,
                       cmpmask(fp::compare_eq<uint32_t>, fp::compare_eq<uint64_t>), 0});
        ops.push_back({"FCMGE" + sfx, 0x7E20E400 | sz | rr, n, n, Out::V,
                       cmpmask(fp::compare_ge<uint32_t>, fp::compare_ge<uint64_t>), 0});
        ops.push_back({"FCMGT" + sfx, 0x7EA0E400 | sz | rr, n, n, Out::V,
                       cmpmask(fp::compare_gt<uint32_t>, fp::compare_gt<uint64_t>), 0});
        add1("FSQRT", 0x1E21C000, UN(sqrt));
        add1("FABS", 0x1E20C000,
             n == 32 ? un<uint32_t>([](uint32_t a, uint32_t, uint32_t&) { return fp::abs(a); })
                     : un<uint64_t>([](uint64_t a, uint32_t, uint32_t&) { return fp::abs(a); }));
        add1("FNEG", 0x1E214000,
             n == 32 ? un<uint32_t>([](uint32_t a, uint32_t, uint32_t&) { return fp::neg(a); })
                     : un<uint64_t>([](uint64_t a, uint32_t, uint32_t&) { return fp::neg(a); }));
        // FMADD/FMSUB/FNMADD/FNMSUB: Ra = 3.
        const uint32_t ra = 3u << 10;
        for (int k = 0; k < 4; ++k) {
            static const char* names[] = {"FMADD", "FMSUB", "FNMADD", "FNMSUB"};
            uint32_t o1 = (k >> 1) & 1, o0 = k & 1;
            bool neg_a = o1, neg_n = o0 != o1;
            ops.push_back({names[k] + sfx, 0x1F000000 | ty | (o1 << 21) | (o0 << 15) | rr | ra, n, n, Out::V,
                           n == 32 ? fmadd<uint32_t>(neg_a, neg_n) : fmadd<uint64_t>(neg_a, neg_n), 4});
        }
        // FRINT*
        static const struct {
            const char* name;
            uint32_t rmode;
            int rounding;  // -1: from FPCR
            bool exact;
        } frint[] = {{"FRINTN", 0, 0, false}, {"FRINTP", 1, 1, false}, {"FRINTM", 2, 2, false},
                     {"FRINTZ", 3, 3, false}, {"FRINTA", 4, 4, false}, {"FRINTX", 6, -1, true},
                     {"FRINTI", 7, -1, false}};
        for (const auto& fr : frint) {
            int rnd = fr.rounding;
            bool exact = fr.exact;
            RefFn f = [n, rnd, exact](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
                uint32_t fpsr = 0;
                Rounding rm = rnd < 0 ? fp::fpcr_rounding(fpcr) : Rounding(rnd);
                uint64_t r = n == 32 ? fp::round_int<uint32_t>(uint32_t(v[1]), fpcr, rm, exact, fpsr)
                                     : fp::round_int<uint64_t>(v[1], fpcr, rm, exact, fpsr);
                return Ref{r, fpsr};
            };
            ops.push_back(
                {fr.name + sfx, 0x1E244000 | ty | (fr.rmode << 15) | (1u << 5), n, n, Out::V, f, -1});
        }
        // FCMP / FCMPE (register and #0.0).
        for (int k = 0; k < 4; ++k) {
            bool signal = k & 1, with_zero = k & 2;
            std::string name = std::string(signal ? "FCMPE" : "FCMP") + (with_zero ? "0" : "") + sfx;
            uint32_t insn =
                0x1E202000 | ty | (with_zero ? (1u << 3) : (2u << 16)) | (1u << 5) | (signal ? 0x10 : 0);
            RefFn f = [n, signal, with_zero](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
                uint32_t fpsr = 0;
                uint64_t b = with_zero ? 0 : v[2];
                unsigned r = n == 32 ? fp::compare<uint32_t>(uint32_t(v[1]), uint32_t(b), signal, fpcr, fpsr)
                                     : fp::compare<uint64_t>(v[1], b, signal, fpcr, fpsr);
                return Ref{r, fpsr};
            };
            ops.push_back({name, insn, n, 4, Out::Nzcv, f, 0});
        }
        // FP -> integer (W and X), integer forms and fixed-point forms.
        static const struct {
            const char* name;
            uint32_t rmode, opcode;
            int rounding;
            bool is_unsigned;
        } cvt[] = {{"FCVTNS", 0, 0, 0, false}, {"FCVTNU", 0, 1, 0, true},  {"FCVTPS", 1, 0, 1, false},
                   {"FCVTPU", 1, 1, 1, true},  {"FCVTMS", 2, 0, 2, false}, {"FCVTMU", 2, 1, 2, true},
                   {"FCVTZS", 3, 0, 3, false}, {"FCVTZU", 3, 1, 3, true},  {"FCVTAS", 0, 4, 4, false},
                   {"FCVTAU", 0, 5, 4, true}};
        for (int m : {32, 64}) {
            for (const auto& c : cvt) {
                uint32_t sf = m == 64 ? 1u : 0u;
                Rounding rm = Rounding(c.rounding);
                bool u = c.is_unsigned;
                RefFn f = [n, m, rm, u](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
                    uint32_t fpsr = 0;
                    uint64_t r = n == 32 ? fp::to_fixed<uint32_t>(uint32_t(v[1]), 0, u, m, fpcr, rm, fpsr)
                                         : fp::to_fixed<uint64_t>(v[1], 0, u, m, fpcr, rm, fpsr);
                    return Ref{r, fpsr};
                };
                uint32_t insn = 0x1E200000 | (sf << 31) | ty | (c.rmode << 19) | (c.opcode << 16) | (1u << 5);
                ops.push_back({std::string(c.name) + (m == 32 ? "W" : "X") + sfx, insn, n, m, Out::X, f, -1});
            }
            // Fixed-point FCVTZS/FCVTZU (fbits chosen per case through x1 low bits: see run()).
            for (int u = 0; u < 2; ++u) {
                for (int fbits : {1, 7, m / 2, m - 1, m}) {
                    uint32_t sf = m == 64 ? 1u : 0u;
                    uint32_t scale = 64 - fbits;
                    RefFn f = [n, m, u, fbits](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
                        uint32_t fpsr = 0;
                        uint64_t r =
                            n == 32 ? fp::to_fixed<uint32_t>(uint32_t(v[1]), fbits, u, m, fpcr,
                                                             Rounding::Zero, fpsr)
                                    : fp::to_fixed<uint64_t>(v[1], fbits, u, m, fpcr, Rounding::Zero, fpsr);
                        return Ref{r, fpsr};
                    };
                    uint32_t insn =
                        0x1E180000 | (sf << 31) | ty | (uint32_t(u) << 16) | (scale << 10) | (1u << 5);
                    ops.push_back({std::string(u ? "FCVTZU" : "FCVTZS") + (m == 32 ? "W" : "X") + sfx +
                                       "_fb" + std::to_string(fbits),
                                   insn, n, m, Out::X, f, -1});
                }
            }
            // SCVTF / UCVTF, integer and fixed-point.
            for (int u = 0; u < 2; ++u) {
                for (int fbits : {0, 1, 13, m / 2, m}) {
                    uint32_t sf = m == 64 ? 1u : 0u;
                    RefFn f = [n, m, u, fbits](const uint64_t(&)[4], uint64_t x1, uint32_t fpcr) {
                        uint32_t fpsr = 0;
                        Rounding rm = fp::fpcr_rounding(fpcr);
                        uint64_t r = n == 32 ? fp::fixed_to_fp<uint32_t>(x1, fbits, u, m, fpcr, rm, fpsr)
                                             : fp::fixed_to_fp<uint64_t>(x1, fbits, u, m, fpcr, rm, fpsr);
                        return Ref{r, fpsr};
                    };
                    uint32_t insn = fbits == 0
                                        ? 0x1E220000 | (sf << 31) | ty | (uint32_t(u) << 16) | (1u << 5)
                                        : 0x1E020000 | (sf << 31) | ty | (uint32_t(u) << 16) |
                                              (uint32_t(64 - fbits) << 10) | (1u << 5);
                    ops.push_back({std::string(u ? "UCVTF" : "SCVTF") + sfx + (m == 32 ? "W" : "X") +
                                       (fbits ? "_fb" + std::to_string(fbits) : std::string()),
                                   insn, 0, n, Out::V, f, m});
                }
            }
        }
#undef BIN
#undef UN
    }
    // FCVT between all format pairs (Rn=1, Rd=0).
    static const struct {
        int from, to;
    } pairs[] = {{32, 64}, {64, 32}, {32, 16}, {16, 32}, {64, 16}, {16, 64}};
    for (const auto& p : pairs) {
        uint32_t opc = p.to == 32 ? 0 : p.to == 64 ? 1 : 3;
        uint32_t insn = 0x1E224000 | (type_bits(p.from) << 22) | (opc << 15) | (1u << 5);
        int from = p.from, to = p.to;
        RefFn f = [from, to](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
            uint32_t fpsr = 0;
            Rounding rm = fp::fpcr_rounding(fpcr);
            uint64_t r = 0;
            if (from == 32 && to == 64) r = fp::convert<uint64_t, uint32_t>(uint32_t(v[1]), fpcr, rm, fpsr);
            if (from == 64 && to == 32) r = fp::convert<uint32_t, uint64_t>(v[1], fpcr, rm, fpsr);
            if (from == 32 && to == 16) r = fp::convert<uint16_t, uint32_t>(uint32_t(v[1]), fpcr, rm, fpsr);
            if (from == 16 && to == 32) r = fp::convert<uint32_t, uint16_t>(uint16_t(v[1]), fpcr, rm, fpsr);
            if (from == 64 && to == 16) r = fp::convert<uint16_t, uint64_t>(v[1], fpcr, rm, fpsr);
            if (from == 16 && to == 64) r = fp::convert<uint64_t, uint16_t>(uint16_t(v[1]), fpcr, rm, fpsr);
            return Ref{r, fpsr};
        };
        ops.push_back(
            {"FCVT_" + std::to_string(to) + "_" + std::to_string(from), insn, from, to, Out::V, f, 5});
    }
    // FCVTXN Sd, Dn (round to odd).
    ops.push_back({"FCVTXN", 0x7E616800 | (1u << 5), 64, 32, Out::V,
                   [](const uint64_t(&v)[4], uint64_t, uint32_t fpcr) {
                       uint32_t fpsr = 0;
                       uint64_t r = fp::convert<uint32_t, uint64_t>(v[1], fpcr, Rounding::Odd, fpsr);
                       return Ref{r, fpsr};
                   },
                   5});
    // URECPE / URSQRTE on two 32-bit lanes.
    for (int k = 0; k < 2; ++k) {
        ops.push_back({k ? "URSQRTE" : "URECPE", (k ? 0x2EA1C800u : 0x0EA1C800u) | (1u << 5), 0, 64, Out::V,
                       [k](const uint64_t(&v)[4], uint64_t, uint32_t) {
                           uint64_t r = 0;
                           for (int lane = 0; lane < 2; ++lane) {
                               uint32_t x = uint32_t(v[1] >> (32 * lane));
                               uint32_t e =
                                   k ? fp::unsigned_rsqrt_estimate(x) : fp::unsigned_recip_estimate(x);
                               r |= uint64_t(e) << (32 * lane);
                           }
                           return Ref{r, 0};
                       },
                       6});
    }
    return ops;
}

const std::vector<OpDef>& all_ops() {
    static const std::vector<OpDef> ops = make_ops();
    return ops;
}

// ---- known unicorn deviations from the ARM ARM -------------------------------------------
// Returns a reason (naming the ARM ARM pseudocode function) if unicorn's result for this case is
// known to differ from the ARM ARM, nullptr otherwise. Each entry is checked by a directed test
// in test_fp_directed.cpp against the value the pseudocode gives.
const char* unicorn_deviation(const OpDef&, const uint64_t (&)[4], uint64_t, uint32_t, const Ref&,
                              const UcOut&) {
    return nullptr;
}

// ---- the test ----------------------------------------------------------------------------
class FpDiff : public ::testing::TestWithParam<size_t> {};

uint64_t mask_bits(int n) {
    return n >= 64 ? ~uint64_t(0) : (uint64_t(1) << n) - 1;
}

uint64_t gen_integer(Gen& g, int m) {
    uint64_t r = g.u64();
    switch (g.below(6)) {
        case 0: return r >> g.below(64);                                 // any magnitude
        case 1: return ~(r >> g.below(64));                              // negative
        case 2: return (uint64_t(1) << g.below(64)) + (g.below(5)) - 2;  // powers of two +-2
        case 3: {                                                        // halfway patterns
            int len = 20 + int(g.below(45));
            uint64_t base = (uint64_t(1) << (len - 1)) | (r & mask_bits(len - 1));
            int cut = int(g.below(len));
            uint64_t low = mask_bits(cut);
            uint64_t pick[] = {0, low, (low + 1) >> 1, ((low + 1) >> 1) + 1};
            return (base & ~low) | (pick[g.below(4)] & low);
        }
        default: return r & mask_bits(m);
    }
}

TEST_P(FpDiff, MatchesUnicorn) {
    const OpDef& op = all_ops()[GetParam()];
    const uint64_t iters = env_u64("VP_FP_ITERS", 10000);
    const uint64_t seed = env_u64("VP_FP_SEED", 20260401) ^ std::hash<std::string>{}(op.name);
    Gen g(seed);
    Unicorn uc;
    uc.set_insn(op.insn);
    std::map<std::string, uint64_t> excluded;
    uint64_t flag_count[8] = {};
    uint64_t failures = 0;
    const Fmt& fs = fmt_of(op.src ? op.src : 64);
    for (uint64_t i = 0; i < iters; ++i) {
        uint64_t v[4] = {0, 0, 0, 0};
        uint64_t x1 = 0;
        if (op.src) {
            v[1] = g.value(fs);
            v[2] = g.value(fs);
            v[3] = g.value(fs);
            if (op.gen_mode >= 0 && op.gen_mode <= 3 && g.below(2) == 0)
                v[2] = g.related(fs, v[1], op.gen_mode);
            if (op.gen_mode == 4) {  // fused multiply-add: addend near the product / aligned
                int k = int(g.below(4));
                if (k == 0) v[2] = g.related(fs, v[1], 1);
                if (k == 1) v[3] = g.related(fs, v[1], 0);
                if (k == 2 && fs.n == 32) {  // addend = -(rounded product) +- ulp: deep cancellation
                    float a, b;
                    uint32_t a32 = uint32_t(v[1]), b32 = uint32_t(v[2]);
                    std::memcpy(&a, &a32, 4);
                    std::memcpy(&b, &b32, 4);
                    float c = -(a * b);
                    uint32_t c32;
                    std::memcpy(&c32, &c, 4);
                    v[3] = c32 + uint32_t(g.below(3)) - 1;
                }
                if (k == 3 && fs.n == 64) {
                    double a, b;
                    std::memcpy(&a, &v[1], 8);
                    std::memcpy(&b, &v[2], 8);
                    double c = -(a * b);
                    std::memcpy(&v[3], &c, 8);
                    v[3] += g.below(3) - 1;
                }
            }
            if (op.out == Out::X && g.below(4) == 0) {  // near the saturation limits 2^(M-1), 2^M
                int k = op.dst - int(g.below(2)) - int(g.below(3) == 0 ? 1 : 0);
                long double lim = std::ldexp(1.0L, k);
                static const long double kDelta[] = {-2, -1, -0.75L, -0.5L, -0.25L, 0, 0.25L, 0.5L, 1, 2};
                long double x = lim + kDelta[g.below(10)] * std::ldexp(1.0L, -int(g.below(4)));
                if (g.coin()) x = -x;
                if (fs.n == 32) {
                    float f = float(x);
                    uint32_t u;
                    std::memcpy(&u, &f, 4);
                    v[1] = u;
                } else {
                    double d = double(x);
                    std::memcpy(&v[1], &d, 8);
                }
            }
        } else if (op.gen_mode == 6) {
            v[1] = g.u64() >> g.below(3);
        } else {
            x1 = gen_integer(g, op.gen_mode);
        }
        // Random FPCR: RMode, FZ, DN, AHP (AHP must not matter outside half-precision conversions).
        uint32_t fpcr = uint32_t(g.below(4)) << 22;
        if (g.coin()) fpcr |= fp::kFpcrFz;
        if (g.coin()) fpcr |= fp::kFpcrDn;
        if (g.below(4) == 0) fpcr |= fp::kFpcrAhp;

        Ref ref = op.ref(v, x1, fpcr);
        for (int b = 0; b < 8; ++b) flag_count[b] += (ref.fpsr >> b) & 1;
        UcOut o = uc.run(v, x1, fpcr);
        uint64_t got;
        switch (op.out) {
            case Out::V: got = o.v0lo & mask_bits(op.dst); break;
            case Out::X: got = o.x0 & mask_bits(op.dst); break;
            default: got = o.nzcv; break;
        }
        uint32_t got_fpsr = o.fpsr & fp::kFpsrCumulative;
        // Scalar writes clear the rest of the vector register.
        bool upper_ok = op.out != Out::V || op.dst == 64 ? true : (o.v0lo & ~mask_bits(op.dst)) == 0;
        if (got == ref.value && got_fpsr == ref.fpsr && upper_ok) continue;
        if (const char* why = unicorn_deviation(op, v, x1, fpcr, ref, o)) {
            ++excluded[why];
            continue;
        }
        if (++failures <= 12) {
            ADD_FAILURE() << op.name << " insn=0x" << std::hex << op.insn << " ops=(" << v[1] << ", " << v[2]
                          << ", " << v[3] << ") x1=" << x1 << " fpcr=0x" << fpcr << ": lib=" << ref.value
                          << " fpsr=" << ref.fpsr << "  unicorn=" << got << " fpsr=" << got_fpsr
                          << (upper_ok ? "" : " (upper bits not cleared)") << std::dec << "  [seed " << seed
                          << " case " << i << "]";
        }
    }
    // Coverage: how many cases raised each cumulative flag.
    std::printf("  %s: %llu cases; IOC %llu DZC %llu OFC %llu UFC %llu IXC %llu IDC %llu\n", op.name.c_str(),
                (unsigned long long)iters, (unsigned long long)flag_count[0],
                (unsigned long long)flag_count[1], (unsigned long long)flag_count[2],
                (unsigned long long)flag_count[3], (unsigned long long)flag_count[4],
                (unsigned long long)flag_count[7]);
    for (const auto& [why, count] : excluded)
        std::printf("  %s: %llu cases excluded (unicorn deviates): %s\n", op.name.c_str(),
                    (unsigned long long)count, why.c_str());
    EXPECT_EQ(failures, 0u) << op.name << ": " << failures << " of " << iters << " cases differ";
}

std::vector<size_t> op_indices() {
    std::vector<size_t> v;
    for (size_t i = 0; i < all_ops().size(); ++i) v.push_back(i);
    return v;
}

INSTANTIATE_TEST_SUITE_P(Ops, FpDiff, ::testing::ValuesIn(op_indices()),
                         [](const ::testing::TestParamInfo<size_t>& info) {
                             return all_ops()[info.param].name;
                         });

}  // namespace
