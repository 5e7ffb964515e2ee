#pragma once

namespace podium::core {

// Builds one visitor for std::visit out of several lambdas.
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
// C++20 deduces this by itself; clang 14 (scripts/fuzz) still needs it written.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace podium::core
