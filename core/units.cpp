#include "core/units.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace vp::units {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

bool iequal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

// Splits "12.5MHz" into the numeric prefix and the unit suffix.
std::pair<std::string_view, std::string_view> split_number(std::string_view s) {
    size_t i = 0;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        i = 2;
        while (i < s.size() && (std::isxdigit(static_cast<unsigned char>(s[i])) || s[i] == '_')) ++i;
    } else {
        while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' || s[i] == '_'))
            ++i;
    }
    return {s.substr(0, i), trim(s.substr(i))};
}

std::optional<double> parse_decimal(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::string str(s);
    size_t used = 0;
    try {
        double v = std::stod(str, &used);
        if (used != str.size() || !std::isfinite(v) || v < 0) return std::nullopt;
        return v;
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace

std::optional<uint64_t> parse_uint(std::string_view text) {
    std::string_view s = trim(text);
    if (s.empty()) return std::nullopt;
    int base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    }
    std::string digits;
    for (char c : s)
        if (c != '_') digits += c;
    if (digits.empty()) return std::nullopt;
    uint64_t v = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v, base);
    if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
    return v;
}

std::optional<uint64_t> parse_size(std::string_view text) {
    auto [num, unit] = split_number(trim(text));
    auto value = parse_uint(num);
    if (!value) return std::nullopt;
    if (unit.empty() || iequal(unit, "B")) return value;
    static constexpr std::pair<char, unsigned> shifts[] = {{'K', 10}, {'M', 20}, {'G', 30}, {'T', 40}};
    std::string_view rest = unit.substr(1);
    if (!(rest.empty() || iequal(rest, "B") || iequal(rest, "iB"))) return std::nullopt;
    for (auto [letter, shift] : shifts) {
        if (std::toupper(static_cast<unsigned char>(unit[0])) != letter) continue;
        if (*value > (UINT64_MAX >> shift)) return std::nullopt;
        return *value << shift;
    }
    return std::nullopt;
}

std::optional<bool> parse_bool(std::string_view text) {
    std::string_view s = trim(text);
    for (auto t : {"true", "yes", "on", "1"})
        if (iequal(s, t)) return true;
    for (auto f : {"false", "no", "off", "0"})
        if (iequal(s, f)) return false;
    return std::nullopt;
}

std::optional<uint64_t> parse_time_ps(std::string_view text) {
    auto [num, unit] = split_number(trim(text));
    auto value = parse_decimal(num);
    if (!value) return std::nullopt;
    static constexpr std::pair<const char*, double> scales[] = {
        {"s", 1e12}, {"ms", 1e9}, {"us", 1e6}, {"ns", 1e3}, {"ps", 1.0}};
    for (auto [name, scale] : scales) {
        if (!iequal(unit, name)) continue;
        double ps = *value * scale;
        if (ps > 1.8e19) return std::nullopt;
        return static_cast<uint64_t>(std::llround(ps));
    }
    return std::nullopt;
}

std::optional<double> parse_frequency(std::string_view text) {
    auto [num, unit] = split_number(trim(text));
    auto value = parse_decimal(num);
    if (!value || *value <= 0) return std::nullopt;
    static constexpr std::pair<const char*, double> scales[] = {
        {"", 1.0}, {"Hz", 1.0}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}};
    for (auto [name, scale] : scales)
        if (iequal(unit, name)) return *value * scale;
    return std::nullopt;
}

}  // namespace vp::units
