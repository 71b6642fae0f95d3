#include "png_image.hpp"

#include <zlib.h>

#include <cstdint>

#include "wprox/errors.hpp"

namespace wprox::render_detail {
namespace {

void put_u32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(char((v >> s) & 0xff));
}

// length, type, data, CRC over type and data (PNG spec, section 5.3).
void put_chunk(std::string& out, const char* type, const std::string& data) {
  put_u32(out, std::uint32_t(data.size()));
  const std::string body = std::string(type, 4) + data;
  out += body;
  put_u32(out, std::uint32_t(crc32(0L, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
}

}  // namespace

std::string png_rgb(const std::vector<unsigned char>& rgb, int width, int height) {
  WPROX_REQUIRE(width > 0 && height > 0 && rgb.size() == std::size_t(width) * std::size_t(height) * 3, InputError,
                "png: " << rgb.size() << " bytes for a " << width << " x " << height << " RGB image");
  // Every row starts with its filter byte (0: none).
  std::string raw;
  raw.reserve(std::size_t(height) * (std::size_t(width) * 3 + 1));
  for (int r = 0; r < height; ++r) {
    raw.push_back('\0');
    raw.append(reinterpret_cast<const char*>(rgb.data()) + std::size_t(r) * width * 3, std::size_t(width) * 3);
  }
  uLongf packed_size = compressBound(uLong(raw.size()));
  std::string packed(packed_size, '\0');
  const int rc = compress2(reinterpret_cast<Bytef*>(&packed[0]), &packed_size,
                           reinterpret_cast<const Bytef*>(raw.data()), uLong(raw.size()), Z_BEST_COMPRESSION);
  WPROX_REQUIRE(rc == Z_OK, InputError, "png: zlib compression failed (" << rc << ")");
  packed.resize(packed_size);

  std::string ihdr;
  put_u32(ihdr, std::uint32_t(width));
  put_u32(ihdr, std::uint32_t(height));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8 bits, RGB, deflate, filter 0, no interlace
  std::string png = "\x89PNG\r\n\x1a\n";
  put_chunk(png, "IHDR", ihdr);
  put_chunk(png, "IDAT", packed);
  put_chunk(png, "IEND", "");
  return png;
}

std::string base64(const std::string& bytes) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 3; ++k) v = (v << 8) | (k < n ? unsigned(static_cast<unsigned char>(bytes[i + k])) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out.push_back(k <= n ? digits[(v >> (18 - 6 * k)) & 63] : '=');
  }
  return out;
}

}  // namespace wprox::render_detail
