#include "models/pl031/rtc_start.h"

#include <cctype>
#include <chrono>

#include "core/error.h"

namespace vp::pl031 {

namespace {

constexpr const char* kFormat = "a UTC date YYYY-MM-DDTHH:MM:SSZ (e.g. 2026-01-01T00:00:00Z) or 'host'";

// The `n` digits at text[pos...] as a number, or -1.
int digits(const std::string& text, size_t pos, size_t n) {
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
        if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
        v = v * 10 + (text[i] - '0');
    }
    return v;
}

}  // namespace

std::optional<uint32_t> parse_utc_date(const std::string& text, std::string& why) {
    // Positions of "YYYY-MM-DDTHH:MM:SSZ".
    const bool shape = text.size() == 20 && text[4] == '-' && text[7] == '-' && text[10] == 'T' &&
                       text[13] == ':' && text[16] == ':' && text[19] == 'Z';
    const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
    if (!shape || year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
        why = std::string("'") + text + "' is not " + kFormat;
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day date{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                              std::chrono::day{unsigned(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 59) {
        why = std::string("'") + text + "' is not a valid date and time";
        return std::nullopt;
    }
    const int64_t s =
        int64_t(sys_days{date}.time_since_epoch().count()) * 86400 + hour * 3600 + minute * 60 + second;
    if (s < 0 || s > int64_t(UINT32_MAX)) {
        why = std::string("'") + text +
              "' is outside the 32-bit count (1970-01-01T00:00:00Z to 2106-02-07T06:28:15Z)";
        return std::nullopt;
    }
    return static_cast<uint32_t>(s);
}

uint32_t start_count(const std::string& start) {
    if (start == "host") {
        const auto s = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
        return static_cast<uint32_t>(s);  // the 32-bit count wraps in 2106, as the hardware's would
    }
    std::string why;
    if (auto v = parse_utc_date(start, why)) return *v;
    throw Error(why);
}

}  // namespace vp::pl031
