#include "state.hpp"

namespace podium::core {

RoomState initial_state(std::string room, RoomSettings settings, Timer segment) {
  RoomState state;
  state.room = std::move(room);
  state.settings = settings;
  state.speaker.duration_ms = settings.speaking_ms;
  state.speaker.remaining_ms = settings.speaking_ms;
  state.speaker.warning_ms = settings.warning_ms;
  segment.run = TimerRun::idle;
  segment.remaining_ms = segment.duration_ms;
  state.segment = std::move(segment);
  return state;
}

}  // namespace podium::core
