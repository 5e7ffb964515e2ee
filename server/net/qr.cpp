#include "qr.hpp"

#include <qrcodegen/qrcodegen.hpp>

namespace podium::net {

std::string qr_svg(std::string_view text) {
  using qrcodegen::QrCode;
  const QrCode qr = QrCode::encodeText(std::string(text).c_str(), QrCode::Ecc::MEDIUM);
  constexpr int kBorder = 4;
  const int size = qr.getSize();
  const std::string extent = std::to_string(size + 2 * kBorder);
  std::string path;
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x)
      if (qr.getModule(x, y))
        path += "M" + std::to_string(x + kBorder) + "," + std::to_string(y + kBorder) + "h1v1h-1z";
  return R"(<?xml version="1.0" encoding="UTF-8"?>)"
         "\n"
         R"(<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 )" +
         extent + " " + extent + R"(" shape-rendering="crispEdges" role="img"><title>QR code</title>)" +
         R"(<rect width="100%" height="100%" fill="#ffffff"/><path fill="#000000" d=")" + path +
         R"("/></svg>)" + "\n";
}

}  // namespace podium::net
