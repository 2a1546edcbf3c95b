// Guest memory in a checkpoint: the pages that are not all zero, deflated with zlib. A fresh
// machine's memory is zero, so the pages left out are zero again after loading.
#pragma once
#include <cstdint>
#include <span>

#include "core/state_stream.h"

namespace vp {

inline constexpr size_t page_image_page = 4096;

void save_page_image(StateWriter& out, std::span<const uint8_t> memory);
// Refuses (CheckpointError) an image of another memory size or a malformed one; pages not in
// the image become zero.
void load_page_image(StateReader& in, std::span<uint8_t> memory);

}  // namespace vp
