// SPDX-License-Identifier: GPL-2.0-or-later
// png_stats FILE: decodes a PNG (libpng) and prints
//   "WIDTH HEIGHT DISTINCT_COLOURS LUMA_STDDEV"
// so a test can tell a rendered page from a blank screenshot. Exit 0, or 1
// with a message naming the file if it cannot be read as a PNG.
#include <png.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <unordered_set>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: png_stats FILE.png\n");
    return 2;
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, argv[1])) {
    std::fprintf(stderr, "png_stats: %s: %s\n", argv[1], image.message);
    return 1;
  }
  image.format = PNG_FORMAT_RGB;
  std::vector<png_byte> pixels(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, pixels.data(), 0, nullptr)) {
    std::fprintf(stderr, "png_stats: %s: %s\n", argv[1], image.message);
    return 1;
  }
  std::unordered_set<std::uint32_t> colours;
  double sum = 0, sum_sq = 0;
  const std::size_t n = static_cast<std::size_t>(image.width) * image.height;
  for (std::size_t i = 0; i < n; ++i) {
    const png_byte* p = &pixels[i * 3];
    colours.insert(static_cast<std::uint32_t>(p[0]) << 16 | p[1] << 8 | p[2]);
    double luma = 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
    sum += luma;
    sum_sq += luma * luma;
  }
  double mean = n ? sum / static_cast<double>(n) : 0;
  double variance = n ? sum_sq / static_cast<double>(n) - mean * mean : 0;
  std::printf("%u %u %zu %.2f\n", image.width, image.height, colours.size(),
              std::sqrt(variance > 0 ? variance : 0));
  return 0;
}
