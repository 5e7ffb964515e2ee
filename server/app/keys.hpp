#pragma once
// Secrets and identifiers: capability keys, device ids, join codes, epochs.
#include <string>
#include <string_view>

namespace podium::app {

// A random string of `length` characters from an alphabet without look-alikes (no 0/O, 1/I/l).
std::string random_code(std::size_t length);
// Random lower-case hex of `bytes` bytes.
std::string random_hex(std::size_t bytes);
// SHA-256 as lower-case hex. Keys are stored and compared only as hashes.
std::string sha256_hex(std::string_view text);
bool constant_time_equal(std::string_view a, std::string_view b);
// A device token as the browser sends it: 16 to 64 of [A-Za-z0-9_-].
bool valid_device_token(std::string_view token);
// The id the log and the room use for a device: a hash, so the token itself is never stored.
std::string device_id(std::string_view token);

}  // namespace podium::app
