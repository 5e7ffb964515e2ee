#pragma once
// QR codes for joining a room, as SVG (libqrcodegen: small, well kept, exact to the standard).
#include <string>
#include <string_view>

namespace podium::net {

// An SVG image of `text` as a QR code (error correction M, a 4-module quiet zone), dark on white.
std::string qr_svg(std::string_view text);

}  // namespace podium::net
