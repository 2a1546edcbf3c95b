#pragma once
// How a decode-table row reaches its translate function (a64_table.inc: INST(Name, "mnemonic",
// "pattern", fn, constant template arguments...)).
//
// - A row without arguments names a function `bool fn(Builder&, const Fields&)` with external
//   linkage; the decoder declares it from the table.
// - A row with arguments names a function template; the semantics file that defines it
//   instantiates it for the row: it marks the template with `#define VP_ROWS_fn VP_DEFINED_HERE`
//   and, at the end, includes "iss/frontend/bind_rows.inc" inside namespace vp::iss, which
//   defines `row_Name = &fn<arguments...>` for every row naming a template marked in that file.
// A row whose template no file marks is an undefined symbol at link time; one marked in two
// files is a duplicate symbol.
#include "iss/frontend/builder.h"
#include "iss/frontend/decoder.h"

namespace vp::iss {
#define FIELD(...)
#define SECTION(...)
#define OVERLAP(...)
#define INST(name, mnem, pattern, fn, ...) __VA_OPT__(extern const TranslateFn row_##name;)
#include "iss/frontend/a64_table.inc"
#undef FIELD
#undef SECTION
#undef OVERLAP
#undef INST
}  // namespace vp::iss

// VP_ROW_MARKED(fn) is 1 if VP_ROWS_fn is defined as VP_DEFINED_HERE, else 0 (preprocessor probe).
#define VP_DEFINED_HERE ~, 1
#define VP_ROW_SECOND(a, b, ...) b
#define VP_ROW_SECOND_OF(...) VP_ROW_SECOND(__VA_ARGS__)
#define VP_ROW_MARKED(fn) VP_ROW_SECOND_OF(VP_ROWS_##fn, 0, ~)
#define VP_ROW_IF(c) VP_ROW_IF_OF(c)
#define VP_ROW_IF_OF(c) VP_ROW_IF_##c
#define VP_ROW_IF_1(...) __VA_ARGS__
#define VP_ROW_IF_0(...)
