#pragma once
// After a meeting is closed and exported, what identifies people and what was never published leaves
// the database: every device id becomes a random stand-in (so votes and upvotes still count once per
// device on replay), the words of every question the record keeps back are blanked, every room gets a
// new epoch (clients resynchronise), and the file is vacuumed so the old bytes are gone from it too.
#include <cstddef>
#include <string>

namespace podium::record {

struct PurgeResult {
  std::size_t devices = 0;    // device ids replaced
  std::size_t questions = 0;  // questions whose words were blanked
  std::size_t events = 0;     // events rewritten
};

// Throws std::runtime_error (with a one-line message) when a room of the database has not been
// closed by the organizer, or the database cannot be read or written. All or nothing.
PurgeResult purge_personal_data(const std::string& db_path);

}  // namespace podium::record
