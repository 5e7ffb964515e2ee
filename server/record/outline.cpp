#include "outline.hpp"

#include <optional>

#include "server/core/decide.hpp"
#include "server/core/overloaded.hpp"

namespace podium::record {
namespace {

// Where a turn goes: an item and one of its blocks, by index (the vectors grow while the log is read).
struct Place {
  std::size_t item = 0;
  std::size_t block = 0;
};

class OutlineBuilder {
 public:
  explicit OutlineBuilder(core::RoomState initial) : state_(std::move(initial)) {}

  void apply(const core::Event& event) {
    std::visit(core::Overloaded{
                   [&](const core::AgendaMoved& e) {
                     items_.push_back(AgendaRun{e.item_id, e.at_ms, {}});
                   },
                   [&](const core::BlockStarted& e) {
                     item().blocks.push_back(BlockRun{e.block_id, e.at_ms, 0, e.segment.duration_ms, {}});
                   },
                   [&](const core::BlockEnded& e) {
                     if (auto p = running(e.block_id)) at(*p).ended_at_ms = e.at_ms;
                   },
                   [&](const core::TurnStarted&) { turn_place_ = place_for_turn(); },
                   [&](const core::TurnEnded& e) {
                     const Place p = turn_place_.value_or(place_for_turn());
                     at(p).turns.push_back(e.record);
                     turn_place_.reset();
                   },
                   [](const auto&) {},
               },
               event);
    core::evolve(state_, event);
  }

  Outline finish() && {
    std::erase_if(items_, [](const AgendaRun& item) { return item.blocks.empty(); });
    return Outline{std::move(items_), std::move(state_)};
  }

 private:
  AgendaRun& item() {
    if (items_.empty()) items_.push_back(AgendaRun{});
    return items_.back();
  }

  BlockRun& at(Place p) { return items_[p.item].blocks[p.block]; }

  // The latest run of this block that has not ended.
  std::optional<Place> running(const std::string& block_id) const {
    for (std::size_t i = items_.size(); i-- > 0;)
      for (std::size_t b = items_[i].blocks.size(); b-- > 0;)
        if (items_[i].blocks[b].block_id == block_id && items_[i].blocks[b].ended_at_ms == 0)
          return Place{i, b};
    return std::nullopt;
  }

  // The block running now, or a run of turns outside any block under the current item.
  Place place_for_turn() {
    if (!state_.block.empty())
      if (auto p = running(state_.block)) return *p;
    AgendaRun& current = item();
    if (current.blocks.empty() || !current.blocks.back().block_id.empty())
      current.blocks.push_back(BlockRun{});
    return Place{items_.size() - 1, current.blocks.size() - 1};
  }

  core::RoomState state_;
  std::vector<AgendaRun> items_;
  std::optional<Place> turn_place_;
};

}  // namespace

Outline outline(const RoomLog& log) {
  OutlineBuilder builder(log.initial);
  for (const LoggedEvent& e : log.events) builder.apply(e.event);
  return std::move(builder).finish();
}

bool publishable(const core::Question& question) {
  const auto shown = [](core::QuestionStatus s) {
    return s == core::QuestionStatus::approved || s == core::QuestionStatus::answered;
  };
  return shown(question.status) ||
         (question.status == core::QuestionStatus::merged && shown(question.status_before_merge));
}

}  // namespace podium::record
