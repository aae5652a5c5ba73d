// The per-pixel end of paste-back (electron/core/faces/pasteBack.ts): grain matching and the
// masked blend of a warped, colour-corrected face into the 8-bit photo, over the face's
// rectangle only. The arithmetic of the JavaScript it replaced, in the same order (doubles,
// float32 where that code stored float32), with the same seeded grain sequence.
#pragma once

#include <cstdint>

namespace fd {

struct PasteRegion {
  int x, y, width, height;  // inside the photo
  const float* warped;      // width * height * 4: r, g, b (0..255) and mask weight
  const float* lut;         // toned photos: 256 x rgb colour per luminance, else nullptr
  bool gray;                // grayscale photo: r = g = b = luminance
  bool grain;               // add the grain the face lacks compared with the photo
  std::uint32_t seed;
};

void pasteRegion(std::uint8_t* photo, int photoWidth, const PasteRegion& region);

}  // namespace fd
