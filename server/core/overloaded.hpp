#pragma once

namespace podium::core {

// Builds one visitor for std::visit out of several lambdas.
template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};

}  // namespace podium::core
